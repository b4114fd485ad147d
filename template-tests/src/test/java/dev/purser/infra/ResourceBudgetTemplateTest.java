package dev.purser.infra;

import static dev.purser.infra.SynthesizedStack.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.purser.http.LambdaFunction;
import dev.purser.http.Route;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnWaitConditionHandle;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * Headroom (docs/deploy.md, "Resource budget"): CloudFormation refuses a stack of more than 500
 * resources; every stack of the app stays under 60 % of that, and a function costs its routes in
 * the root and a bounded number of resources in its capability's nested stack.
 */
class ResourceBudgetTemplateTest {

    static final int CLOUDFORMATION_LIMIT = 500;
    /** 60 % of the limit: what a stack may hold, so growth is seen long before a deploy fails. */
    static final int BUDGET = CLOUDFORMATION_LIMIT * 60 / 100;
    /** Function, role, policy, log group, version, alias, two alarms, integration, permission, a trigger or two. */
    static final int PER_FUNCTION = 12;

    /** The stacks over {@link #BUDGET}, with their counts; empty when all fit. */
    static List<String> overBudget(Map<String, Template> templates) {
        List<String> over = new ArrayList<>();
        templates.forEach((name, template) -> {
            int count = count(template);
            if (count >= BUDGET) {
                over.add(name + ": " + count + " resources, budget " + BUDGET + " (60 % of " + CLOUDFORMATION_LIMIT + ")");
            }
        });
        return over;
    }

    private static int count(Template template) {
        return map(template.toJSON().get("Resources")).size();
    }

    private static Map<String, Template> allTemplates() {
        Map<String, Template> all = new LinkedHashMap<>();
        all.put(PurserApp.STACK_NAME, rootTemplate());
        nestedTemplates().forEach(all::put);
        return all;
    }

    @Test
    void everyStackIsUnderSixtyPercentOfTheLimit() {
        Map<String, Template> all = allTemplates();
        all.forEach((name, t) -> System.out.println("resource budget: " + name + " " + count(t) + "/" + BUDGET));
        assertEquals(List.of(), overBudget(all));
    }

    @Test
    void theRootHoldsRoutesButNoPerFunctionResource() {
        // A new function adds its routes here and nothing else: the rest goes to its capability's stack.
        Map<String, Object> root = map(rootTemplate().toJSON().get("Resources"));
        for (String perFunction : List.of("AWS::Lambda::Alias", "AWS::Lambda::Version", "AWS::Lambda::EventSourceMapping",
                "AWS::Lambda::EventInvokeConfig", "AWS::ApiGatewayV2::Integration")) {
            assertTrue(root.values().stream().noneMatch(r -> perFunction.equals(map(r).get("Type"))), perFunction);
        }
        long routes = root.values().stream().filter(r -> "AWS::ApiGatewayV2::Route".equals(map(r).get("Type"))).count();
        assertEquals(Route.values().length + 1, routes, "one per Route and $default");
    }

    @Test
    void eachCapabilityStackCostsABoundedNumberOfResourcesPerFunction() {
        Map<String, Integer> functions = new LinkedHashMap<>();
        for (LambdaFunction f : LambdaFunction.values()) functions.merge(CapabilityStack.capabilityOf(f), 1, Integer::sum);
        assertEquals(functions.keySet(), nestedTemplates().keySet());
        nestedTemplates().forEach((capability, template) -> assertTrue(
                count(template) <= PER_FUNCTION * functions.get(capability),
                capability + ": " + count(template) + " resources for " + functions.get(capability) + " functions"));
    }

    @Test
    void aStackPastSixtyPercentFailsTheCheck() {
        // The test of the test: a planted stack of exactly 60 % is reported; one resource fewer passes.
        Stack planted = new Stack(new App(), "Planted");
        for (int i = 0; i < BUDGET; i++) new CfnWaitConditionHandle(planted, "Filler" + i);
        List<String> over = overBudget(Map.of("Planted", Template.fromStack(planted)));
        assertEquals(List.of("Planted: 300 resources, budget 300 (60 % of 500)"), over);
        Stack fits = new Stack(new App(), "Fits");
        for (int i = 0; i < BUDGET - 1; i++) new CfnWaitConditionHandle(fits, "Filler" + i);
        assertEquals(List.of(), overBudget(Map.of("Fits", Template.fromStack(fits))));
    }
}
