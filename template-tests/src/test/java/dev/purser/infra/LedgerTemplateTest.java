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
        assertEquals(Set.of("logs:CreateLogStream", "logs:PutLogEvents", "dynamodb:GetItem", "dynamodb:BatchGetItem",
                "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem"), actionsOf(LambdaFunction.WALLETS));
        // A payout is decided like a payment (its guards are ConditionChecks), and the owner removes an
        // approved payout destination (the one DeleteItem: a list entry, never a money record).
        assertEquals(Set.of("logs:CreateLogStream", "logs:PutLogEvents", "dynamodb:GetItem", "dynamodb:BatchGetItem",
                "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem",
                "dynamodb:DeleteItem"), actionsOf(LambdaFunction.PAYOUTS));
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

}
