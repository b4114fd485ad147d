package dev.purser.functions.owner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.config.Env;
import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.owner.ActionLinks;
import dev.purser.owner.LinkSigningKey;
import dev.purser.requests.PurchaseRequest;
import dev.purser.testing.LocalAws;
import dev.purser.testing.WithLocalAws;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

@WithLocalAws
class ActionLinksTest {
    final World world = new World();
    final Owner owner = new Owner(world);
    final JsonNode reg = owner.register(null, "1000", null);
    final String token = reg.get("token").asText();
    final ActionLinks links = ActionLinks.of(world.purser);

    ActionLinks.Links linksFor(String requestId) {
        PurchaseRequest r = world.purser.lifecycle().get(requestId);
        return links.forRequest(r.id(), r.expiresAt());
    }

    /** The path of a link URL (the tests call the API in-process). */
    static String path(String url) {
        return url.substring(url.indexOf(ActionLinks.PATH));
    }

    Resp get(String url) {
        return world.api.call("GET", path(url), null, null, Map.of());
    }

    Resp post(String url) {
        return world.api.call("POST", path(url), null, null, Map.of());
    }

    @Test
    void confirmationPageThenOneClickApprove() {
        Resp created = world.api.agentPost("/requests", token,
                "{\"amount\": 12, \"category\": \"groceries\", \"merchant_name\": \"<script>alert(1)</script>\"}");
        String id = created.json().get("request_id").asText();
        ActionLinks.Links l = linksFor(id);
        assertTrue(l.approveUrl().startsWith(world.purser.env().get(Env.PUBLIC_BASE_URL, "") + "/v1/actions/"));
        Resp page = get(l.approveUrl());
        assertEquals(200, page.status(), page.body());
        assertEquals("no-store", page.headers().get("cache-control"));
        assertEquals("no-referrer", page.headers().get("referrer-policy"));
        assertTrue(page.body().contains("<form method=\"post\">"));
        assertTrue(page.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertFalse(page.body().contains("<script>"));
        assertEquals("pending", world.purser.lifecycle().get(id).status().wire(), "GET changes nothing");
        // A person reads the page: the agent's name (not its id) and times in words, not ISO-8601.
        assertTrue(page.body().contains("<td>" + reg.get("name").asText() + "</td>"), page.body());
        assertFalse(page.body().contains(reg.get("agent_id").asText()), page.body());
        assertFalse(page.body().matches("(?s).*\\d{4}-\\d{2}-\\d{2}T\\d{2}:.*"), page.body());

        Resp done = post(l.approveUrl());
        assertEquals(200, done.status(), done.body());
        assertTrue(done.body().contains("Approved"));
        assertEquals("approved", world.purser.lifecycle().get(id).status().wire());
        assertEquals(1200, world.agents.get(reg.get("agent_id").asText()).spent());

        // Single use: the same link and its sibling are dead, and say why.
        Resp reused = post(l.approveUrl());
        assertEquals(409, reused.status());
        assertTrue(reused.body().contains("already been approved"), reused.body());
        assertEquals(409, get(l.approveUrl()).status());
        assertEquals(409, post(l.rejectUrl()).status());
        assertEquals("approved", world.purser.lifecycle().get(id).status().wire());
        assertEquals(1200, world.agents.get(reg.get("agent_id").asText()).spent());
    }

    @Test
    void oneClickReject() {
        String id = owner.pendingRequest(token, "12");
        Resp done = post(linksFor(id).rejectUrl());
        assertEquals(200, done.status(), done.body());
        assertEquals("rejected", world.purser.lifecycle().get(id).status().wire());
        assertEquals(0, world.agents.get(reg.get("agent_id").asText()).held());
        assertEquals(409, post(linksFor(id).approveUrl()).status());
    }

    @Test
    void forgedTamperedAndStaleLinksAreRefusedAndChangeNothing() {
        String id = owner.pendingRequest(token, "12");
        String approve = path(linksFor(id).approveUrl());
        String tokenPart = approve.substring(ActionLinks.PATH.length());
        String payload = new String(Base64.getUrlDecoder().decode(tokenPart.substring(0, tokenPart.indexOf('.'))), StandardCharsets.UTF_8);
        String signature = tokenPart.substring(tokenPart.indexOf('.') + 1);
        // Tampered: the reject link's signature on an approve payload, and a longer expiry.
        String reject = path(linksFor(id).rejectUrl());
        String rejectSig = reject.substring(reject.indexOf('.') + 1);
        String swapped = ActionLinks.PATH + tokenPart.substring(0, tokenPart.indexOf('.')) + "." + rejectSig;
        String extended = ActionLinks.PATH + b64(payload.replaceAll("\\|\\d+$", "|4102444800")) + "." + signature;
        // Forged: signed with another key.
        ActionLinks forger = new ActionLinks("https://evil.example", "not-the-key".getBytes(StandardCharsets.UTF_8));
        String forged = path(forger.forRequest(id, world.purser.lifecycle().get(id).expiresAt()).approveUrl());
        for (String bad : new String[] {swapped, extended, forged, ActionLinks.PATH + "garbage",
                ActionLinks.PATH + "a.b", ActionLinks.PATH + "x".repeat(500)}) {
            for (String method : new String[] {"GET", "POST"}) {
                Resp r = world.api.call(method, bad, null, null, Map.of());
                assertEquals(403, r.status(), method + " " + bad + " " + r.body());
                assertTrue(r.body().contains("not valid"));
            }
        }
        // Over the edge's path-parameter bound (docs/limits.md): refused before the link code runs.
        for (String method : new String[] {"GET", "POST"}) {
            Resp r = world.api.call(method, ActionLinks.PATH + "x".repeat(600), null, null, Map.of());
            assertEquals(400, r.status(), r.body());
            assertTrue(r.detail().contains("too long"), r.body());
        }
        assertEquals("pending", world.purser.lifecycle().get(id).status().wire());

        // Stale: past the request's expiry.
        world.clock.advance(Duration.ofMinutes(31));
        Resp stale = world.api.call("POST", approve, null, null, Map.of());
        assertEquals(410, stale.status());
        assertTrue(stale.body().contains("expired"));
        assertEquals(410, world.api.call("GET", approve, null, null, Map.of()).status());
        assertEquals(1200, world.agents.get(reg.get("agent_id").asText()).held(), "a refused link changes nothing");
    }

    @Test
    void withoutAConfiguredSecretTheKeyIsGeneratedOnceInTheTable() {
        // The shared test environment configures a secret; a blank one counts as unset.
        Env bare = LocalAws.get().env().with(Env.LINK_SIGNING_SECRET, " ");
        byte[] key = LinkSigningKey.resolve(bare, world.purser.dynamo(), world.purser.table());
        assertEquals(32, key.length);
        var item = world.purser.dynamo().getItem(b -> b.tableName(world.purser.table()).consistentRead(true)
                .key(dev.purser.store.Attr.key("CONFIG#LINK_SIGNING_KEY", "CONFIG"))).item();
        assertArrayEquals(Base64.getDecoder().decode(item.get("key").s()), key, "every container reads the stored key");
        assertArrayEquals(key, LinkSigningKey.resolve(bare, world.purser.dynamo(), world.purser.table()));
        // Links signed with it verify with it, and not with the configured secret.
        ActionLinks tableSigned = new ActionLinks("", key);
        String t = path(tableSigned.forRequest("req_x", World.START).approveUrl()).substring(ActionLinks.PATH.length());
        assertTrue(tableSigned.verify(t).isPresent());
        assertTrue(links.verify(t).isEmpty());
    }

    static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
