package dev.purser.infra;

import static dev.purser.infra.SynthesizedStack.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.purser.http.LambdaFunction;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The money functions' grants: item reads and conditional writes on the table, nothing else. */
class LedgerTemplateTest {

    @Test
    void moneyApisReadAndWriteItemsButNeverDelete() {
        for (LambdaFunction f : List.of(LambdaFunction.WALLETS, LambdaFunction.PAYOUTS)) {
            assertEquals(Set.of("logs:CreateLogStream", "logs:PutLogEvents", "dynamodb:GetItem", "dynamodb:BatchGetItem",
                    "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem"), actionsOf(f), f.name());
        }
        // A payment under an execution token asserts its mandate's version (a ConditionCheck in its transaction).
        assertEquals(Set.of("logs:CreateLogStream", "logs:PutLogEvents", "dynamodb:GetItem", "dynamodb:BatchGetItem",
                "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem"),
                actionsOf(LambdaFunction.PAYMENTS));
    }

    @Test
    void mandatesReadQueryAndWriteButNeverDelete() {
        assertEquals(Set.of("logs:CreateLogStream", "logs:PutLogEvents", "dynamodb:GetItem", "dynamodb:BatchGetItem",
                "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem"), actionsOf(LambdaFunction.MANDATES));
    }

    @Test
    void settlementJobQueriesAndMovesButNeverDeletesOrBatchReads() {
        assertEquals(Set.of("logs:CreateLogStream", "logs:PutLogEvents", "dynamodb:GetItem", "dynamodb:Query",
                "dynamodb:PutItem", "dynamodb:UpdateItem"), actionsOf(LambdaFunction.SETTLEMENT));
    }

    private static Set<String> actionsOf(LambdaFunction definition) {
        Map<String, Object> function = properties(resources("AWS::Lambda::Function")
                .get(logicalId(stack().function(definition).function())));
        String roleId = (String) list(map(function.get("Role")).get("Fn::GetAtt")).get(0);
        Set<String> actions = new TreeSet<>();
        resources("AWS::IAM::Policy").values().stream().map(SynthesizedStack::properties)
                .filter(p -> list(p.get("Roles")).contains(ref(roleId)))
                .forEach(p -> list(map(p.get("PolicyDocument")).get("Statement")).forEach(s -> {
                    Object a = map(s).get("Action");
                    if (a instanceof String one) actions.add(one);
                    else list(a).forEach(x -> actions.add((String) x));
                }));
        return actions;
    }
}
