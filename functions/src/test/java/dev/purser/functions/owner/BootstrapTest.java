package dev.purser.functions.owner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.purser.functions.support.World;
import dev.purser.http.LambdaFunction;
import dev.purser.owner.Bootstrap;
import dev.purser.testing.WithLocalAws;
import java.util.Map;
import org.junit.jupiter.api.Test;

@WithLocalAws
class BootstrapTest {
    final World world = new World();
    final RequestHandler<Map<String, Object>, Map<String, Object>> handler = world.handlers.get(LambdaFunction.BOOTSTRAP);

    @Test
    void firstRunCreatesTheAccountAndKeyThenRefuses() {
        // The table is shared by every test: the first bootstrap may have happened already.
        try {
            handler.handleRequest(Map.of("account_name", "First"), null);
        } catch (Bootstrap.Refused alreadyDone) {
            // fine: what matters is the refusal below
        }
        Bootstrap.Refused refused = assertThrows(Bootstrap.Refused.class,
                () -> handler.handleRequest(Map.of("account_name", "Again"), null));
        assertTrue(refused.getMessage().contains("new_account"));
    }

    @Test
    void newAccountCreatesAnotherWithAWorkingKey() {
        Map<String, Object> out = handler.handleRequest(
                Map.of("account_name", "Team B", "currency", "EUR", "timezone", "Europe/Paris", "new_account", true), null);
        String key = (String) out.get("owner_key");
        assertTrue(key.startsWith("pk_"));
        assertEquals("EUR", out.get("currency"));
        var account = world.api.call("GET", "/v1/account", key, null, Map.of());
        assertEquals(200, account.status());
        assertEquals("Team B", account.json().get("name").asText());
        var cats = world.api.call("GET", "/v1/account/categories", key, null, Map.of()).json().get("categories");
        assertEquals(16, cats.size());
        assertEquals("taxi", world.accounts.get((String) out.get("account_id")).aliases().get("uber"));
    }

    @Test
    void badInputIsRefusedClearly() {
        assertThrows(IllegalArgumentException.class, () -> handler.handleRequest(Map.of("currency", "XXX", "new_account", true), null));
        assertThrows(IllegalArgumentException.class, () -> handler.handleRequest(Map.of("timezone", "Nope/Nope", "new_account", true), null));
        assertThrows(IllegalArgumentException.class, () -> handler.handleRequest(Map.of("colour", "red"), null));
    }
}
