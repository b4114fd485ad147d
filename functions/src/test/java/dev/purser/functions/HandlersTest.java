package dev.purser.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.purser.functions.support.World;
import dev.purser.http.LambdaFunction;
import dev.purser.testing.WithLocalAws;
import org.junit.jupiter.api.Test;

/** The local runtime and the tests run exactly the handler classes the stack deploys. */
@WithLocalAws
class HandlersTest {
    @Test
    void everyFunctionHasItsDeployedHandlerClass() throws Exception {
        var handlers = new World().handlers.all();
        for (LambdaFunction f : LambdaFunction.values()) {
            // Built from another module's jar (the MCP server): checked by that module's tests.
            if (f.artifact() != LambdaFunction.Artifact.FUNCTIONS) continue;
            var handler = handlers.get(f);
            assertNotNull(handler, "no in-process handler for " + f);
            assertEquals(f.handlerClass(), handler.getClass().getName(), f.name());
            // Lambda instantiates the class with its public no-argument constructor.
            assertNotNull(Class.forName(f.handlerClass()).getConstructor());
        }
    }
}
