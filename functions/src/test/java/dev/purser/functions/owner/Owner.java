package dev.purser.functions.owner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import java.util.Map;

/** An owner calling the owner API with one key. */
final class Owner {
    final World world;
    final World.OwnedAccount account;
    final String key;

    Owner(World world) {
        this(world, world.ownedAccount());
    }

    Owner(World world, World.OwnedAccount account) {
        this.world = world;
        this.account = account;
        this.key = account.ownerKey();
    }

    String accountId() { return account.id(); }

    Resp call(String method, String path, String body) {
        return world.api.call(method, path, key, body, Map.of());
    }

    Resp get(String path) { return call("GET", path, null); }

    Resp post(String path, String body) { return call("POST", path, body); }

    Resp patch(String path, String body) { return call("PATCH", path, body); }

    Resp put(String path, String body) { return call("PUT", path, body); }

    Resp delete(String path) { return call("DELETE", path, null); }

    /** Asserts the status and returns the JSON body. */
    static JsonNode ok(int status, Resp r) {
        assertEquals(status, r.status(), r.toString());
        return r.json();
    }

    /** Asserts an owner-API error: status and code. */
    static JsonNode error(int status, String code, Resp r) {
        assertEquals(status, r.status(), r.toString());
        assertEquals(code, r.json().path("code").asText(), r.toString());
        return r.json();
    }

    /** Registers an agent; returns the registration answer (with its token). */
    JsonNode register(String externalId, String budget, String policyJson) {
        String body = "{\"name\": \"bot\", \"budget\": \"" + budget + "\""
                + (externalId == null ? "" : ", \"external_id\": \"" + externalId + "\"")
                + (policyJson == null ? "" : ", \"policy\": " + policyJson) + "}";
        return ok(201, post("/v1/agents/register", body));
    }

    /** A pending request of the agent with this token (no policy → every passing request is pending). */
    String pendingRequest(String agentToken, String amount) {
        Resp r = world.api.agentPost("/requests", agentToken,
                "{\"amount\": " + amount + ", \"category\": \"groceries\", \"merchant_name\": \"Shop\"}");
        assertEquals(201, r.status(), r.toString());
        assertEquals("pending", r.json().get("status").asText(), r.toString());
        return r.json().get("request_id").asText();
    }
}
