package dev.purser.functions.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.purser.config.Env;
import dev.purser.functions.InProcessApi;
import dev.purser.functions.support.World;
import dev.purser.http.HttpResponse;
import dev.purser.http.Route;
import dev.purser.json.Json;
import dev.purser.operator.OperatorKeys;
import dev.purser.store.DynamoTables;
import dev.purser.store.TableDefinition;
import dev.purser.testing.LocalAws;
import dev.purser.testing.WithLocalAws;
import dev.purser.throttle.Throttles;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Bad input over EVERY route of the routing table (issue 11): malformed and mistyped JSON, huge
 * bodies, huge and odd path parameters, odd and huge headers, NUL bytes, unicode, missing and wrong
 * credentials, and valid credentials of the wrong kind. Every answer must be a non-5xx, JSON with a
 * {@code detail} when it is an error, and the table (in its own fresh table, so no other test's
 * writes interfere) must hold exactly the same items afterwards, apart from the throttle counters
 * and per-minute rate counters that a refused call is allowed to bump. Seeded: a failure prints the
 * seed and the case, and {@code -Dfuzz.seed=…} replays it.
 */
@WithLocalAws
class RouteFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 20261124L);
    private static final int CASES_PER_ROUTE = Integer.getInteger("fuzz.cases", 8);
    private static final Pattern PARAM = Pattern.compile("\\{([a-z_]+)}");

    private final String table = "purser-fuzz-" + UUID.randomUUID();
    private final World world;
    private final InProcessApi api;
    private final String ownerKey;
    private final String agentToken;
    private final String operatorKey;
    private final Map<String, String> realIds = new HashMap<>();

    RouteFuzzTest() {
        LocalAws aws = LocalAws.get();
        DynamoTables.createIfMissing(aws.dynamo(), table, TableDefinition.PURSER);
        Env env = aws.env().with(Env.TABLE_NAME, table)
                .with(Throttles.AUTH_FAILURES_PER_MINUTE, "1000000")
                .with(Throttles.OWNER_CALLS_PER_MINUTE, "1000000");
        world = new World(env, World.START);
        api = new InProcessApi(world.handlers);
        var owned = world.ownedAccount();
        ownerKey = owned.ownerKey();
        var agent = world.agent(owned.account(), 1000, "{\"daily_limit\": 100}");
        agentToken = agent.token();
        operatorKey = new OperatorKeys(world.purser.dynamo(), table).create("fuzz", world.purser.now()).secret();
        // Real ids, used only on routes that cannot change state with a bad body (GET/PATCH/PUT).
        realIds.put("agent_id", agent.id());
        realIds.put("account_id", owned.id());
        var pending = api.invoke("POST", "/api/v1/agent-api/requests", null,
                Map.of("authorization", "Bearer " + agentToken), "{\"amount\": 60, \"category\": \"groceries\"}", "127.0.0.1");
        realIds.put("request_id", Json.parseTrusted(pending.body()).path("request_id").asText());
        var webhook = api.invoke("POST", "/v1/webhooks", null, Map.of("authorization", "Bearer " + ownerKey),
                "{\"url\": \"http://127.0.0.1:9/hook\", \"events\": [\"request.*\"]}", "127.0.0.1");
        assertEquals(201, webhook.status(), webhook.body());
        realIds.put("webhook_id", Json.parseTrusted(webhook.body()).path("webhook_id").asText(
                Json.parseTrusted(webhook.body()).path("id").asText()));
        var rule = api.invoke("POST", "/v1/account/budget-rules", null, Map.of("authorization", "Bearer " + ownerKey),
                "{\"name\": \"r\", \"limit_type\": \"daily\", \"limit_amount\": 100}", "127.0.0.1");
        assertTrue(rule.status() < 300, rule.body());
        realIds.put("rule_id", Json.parseTrusted(rule.body()).path("rule_id").asText(Json.parseTrusted(rule.body()).path("id").asText()));
        realIds.put("name", "groceries");
        // Importing the defaults takes no body and is idempotent: done once here, a fuzzed call
        // with a valid key is then a no-op, as it should be.
        assertEquals(200, api.invoke("POST", "/v1/account/categories/import-defaults", null,
                Map.of("authorization", "Bearer " + ownerKey), null, "127.0.0.1").status());
    }

    @Test
    void noRouteAnswers5xxOrChangesStateOnBadInput() {
        Random random = new Random(SEED);
        Map<String, Map<String, AttributeValue>> before = state();
        int calls = 0;
        for (Route route : Route.values()) {
            // Served by another module's jar (POST /mcp): fuzzed by the mcp module's McpFunctionTest.
            if (route.function().artifact() != dev.purser.http.LambdaFunction.Artifact.FUNCTIONS) continue;
            for (Case c : cases(route, random)) {
                check(route, c);
                calls++;
            }
        }
        Map<String, Map<String, AttributeValue>> after = state();
        if (!before.equals(after)) {
            List<String> diff = new ArrayList<>();
            for (String k : after.keySet()) if (!after.get(k).equals(before.get(k))) diff.add("changed/added " + k + " " + after.get(k));
            for (String k : before.keySet()) if (!after.containsKey(k)) diff.add("removed " + k);
            fail("seed " + SEED + ": " + calls + " bad calls changed state: " + diff);
        }
    }

    /**
     * Systematic where it matters, random elsewhere: with the route's own valid credential, every
     * odd path parameter, every bad body and every odd header (so each reaches the code behind
     * authentication); then random mixes of everything, including wrong and missing credentials.
     */
    private List<Case> cases(Route route, Random random) {
        String right = rightCredential(route);
        boolean hasParams = PARAM.matcher(route.path()).find();
        List<Case> out = new ArrayList<>();
        if (hasParams) {
            for (String p : oddParams()) out.add(build(route, random, right, p, pick(random, badBodies()), null));
        }
        for (String body : badBodies()) out.add(build(route, random, right, null, body, null));
        for (String[] h : oddHeaders()) out.add(build(route, random, right, null, pick(random, badBodies()), h));
        for (int i = 0; i < CASES_PER_ROUTE; i++) out.add(randomCase(route, random));
        return out;
    }

    private String rightCredential(Route route) {
        if (route.path().startsWith("/api/v1/agent-api")) return "Bearer " + agentToken;
        if (route.path().startsWith("/v1/operator")) return "Bearer " + operatorKey;
        if (route.path().startsWith("/v1/actions") || route.path().equals("/health")) return null;
        return "Bearer " + ownerKey;
    }

    /** A case with the given credential; {@code param} null = a real id on safe methods, else an odd one. */
    private Case build(Route route, Random random, String auth, String param, String body, String[] header) {
        boolean safeMethod = !route.method().equals("POST") && !route.method().equals("DELETE");
        StringBuilder path = new StringBuilder();
        Matcher m = PARAM.matcher(route.path());
        int last = 0;
        while (m.find()) {
            path.append(route.path(), last, m.start());
            String real = realIds.get(m.group(1));
            path.append(param != null ? param : real != null && safeMethod ? real : pick(random, oddParams()));
            last = m.end();
        }
        path.append(route.path().substring(last));
        Map<String, String> headers = new HashMap<>();
        if (auth != null) headers.put("authorization", auth);
        if (header != null) headers.put(header[0], header[1]);
        return new Case(path.toString(), null, headers, badFor(route, body), "10.1." + random.nextInt(256) + "." + random.nextInt(256));
    }

    private void check(Route route, Case c) {
        HttpResponse r;
        try {
            r = api.invoke(route.method(), c.path, c.query, c.headers, c.body, c.sourceIp);
        } catch (RuntimeException e) {
            throw new AssertionError("seed " + SEED + " " + route + " " + c + " threw", e);
        }
        if (r.status() >= 500) fail("seed " + SEED + " " + route + " " + c + " -> " + r.status() + " " + r.body());
        boolean html = r.headers().getOrDefault("content-type", "").startsWith("text/html");
        if (r.status() >= 400 && !html) {
            boolean detail;
            try {
                detail = Json.parse(r.body()).has("detail");
            } catch (Exception e) {
                detail = false;
            }
            if (!detail) fail("no JSON detail: seed " + SEED + " " + route + " " + c + " -> " + r.status() + " " + r.body());
        }
    }

    /** Every item of the fuzz table except counters a refused call may bump, keyed by pk|sk. */
    private Map<String, Map<String, AttributeValue>> state() {
        Map<String, Map<String, AttributeValue>> items = new TreeMap<>();
        world.purser.dynamo().scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(item -> {
            String pk = item.get(TableDefinition.PK).s();
            String sk = item.get(TableDefinition.SK).s();
            if (pk.startsWith(Throttles.PK_PREFIX) || sk.startsWith("RATE#")) return;
            // The x402 token-signing key pair is made on first use (the public GET /v1/x402/keys
            // may be that use), like the action-link key: deployment configuration, not account state.
            if (pk.equals("X402KEY")) return;
            Map<String, AttributeValue> copy = new TreeMap<>(item);
            copy.remove("last_used_at"); // a token's last use is bookkeeping, not state
            items.put(pk + "|" + sk, copy);
        });
        return items;
    }

    record Case(String path, String query, Map<String, String> headers, String body, String sourceIp) {
        @Override
        public String toString() {
            return "path=" + abbreviate(path) + " query=" + abbreviate(query) + " headers=" + abbreviate(String.valueOf(headers))
                    + " body=" + abbreviate(body);
        }
    }

    private Case randomCase(Route route, Random random) {
        boolean safeMethod = !route.method().equals("POST") && !route.method().equals("DELETE");
        String auth = pick(random, authVariants());
        boolean validAuth = auth != null && (auth.equals("Bearer " + ownerKey) || auth.equals("Bearer " + agentToken)
                || auth.equals("Bearer " + operatorKey));
        // With valid credentials every case carries at least one bad part the route must refuse:
        // a bad body (for routes with a body), or, on GET/DELETE-only routes, anything (reads
        // change nothing; deletes get odd ids).
        boolean mustBreakBody = validAuth;
        StringBuilder path = new StringBuilder();
        Matcher m = PARAM.matcher(route.path());
        int last = 0;
        while (m.find()) {
            path.append(route.path(), last, m.start());
            String real = realIds.get(m.group(1));
            boolean useReal = real != null && safeMethod && random.nextInt(3) == 0;
            path.append(useReal ? real : pick(random, oddParams()));
            last = m.end();
        }
        path.append(route.path().substring(last));
        String body = mustBreakBody ? badFor(route, pick(random, badBodies())) : pickOrNull(random, anyBodies());
        Map<String, String> headers = new HashMap<>();
        if (auth != null) headers.put("authorization", auth);
        if (random.nextInt(3) == 0) {
            String[] odd = pick(random, oddHeaders());
            headers.put(odd[0], odd[1]);
        }
        String query = random.nextInt(4) == 0 ? pick(random, oddQueries()) : null;
        String ip = random.nextInt(5) == 0 ? "203.0.113.7" : "10.0." + random.nextInt(256) + "." + random.nextInt(256);
        return new Case(path.toString(), query, headers, body, ip);
    }

    /**
     * A policy keeps unknown top-level keys verbatim (docs/owner-api.md), so a well-formed object
     * within the bounds is a valid policy, not bad input: for the policy routes use malformed JSON.
     */
    private static String badFor(Route route, String body) {
        if (body == null || (route != Route.OWNER_PUT_POLICY && route != Route.OWNER_PATCH_POLICY)) return body;
        try {
            if (body.length() < 60_000 && Json.parse(body).isObject()) return "{\"daily_limit\": ";
        } catch (Exception malformed) {
            // already bad
        }
        return body;
    }

    private List<String> authVariants() {
        List<String> v = new ArrayList<>();
        v.add(null);
        v.add("Bearer wrong");
        v.add("bearer " + ownerKey);
        v.add("Basic dXNlcjpwYXNz");
        v.add("Bearer " + "x".repeat(9000));
        v.add("Bearer " + "é😀\u0000");
        v.add("Bearer ");
        v.add("Bearer " + ownerKey);
        v.add("Bearer " + agentToken);
        v.add("Bearer " + operatorKey);
        v.add("Bearer " + ownerKey + " ");
        return v;
    }

    private static List<String> oddParams() {
        return List.of("x".repeat(3000), "%00", "a%00b", enc("ü✓😀"), enc(" "), "..", "%2e%2e", enc("'\"<>{}"),
                "0", "-1", "null", enc("A".repeat(600)), "req_" + "9".repeat(40), enc("\u202e\u200b"), "%25", "%E2%82");
    }

    private static List<String> badBodies() {
        return List.of("{", "[", "}", "{\"a\":}", "   ", "\u0000", "{\"amount\": \"\u0000\"}", "nul", "tru",
                "[" + "1,".repeat(2000) + "1]", "{\"days_of_week\": [" + "1,".repeat(5000) + "1]}",
                "[".repeat(100) + "]".repeat(100), "{\"a\": \"" + "x".repeat(70_000) + "\"}",
                "{\"name\": " + "[".repeat(40) + "]".repeat(40) + "}", "{'single': 'quotes'}", "{\"a\":1}{\"b\":2}",
                "{\"amount\": 1e99999999}", "\uFEFF{}", "{\"a\": NaN}", "0x10", "{\"policy\": {\"x\": \"" + "y".repeat(500_000) + "\"}}",
                // Well-formed but wrong in type/shape for every route that takes a body.
                "{\"amount\": [], \"category\": {}, \"name\": 5, \"url\": 7, \"events\": \"x\", \"paused\": \"yes\","
                        + " \"alias\": [], \"limit_type\": 1, \"budget\": {}, \"status\": [], \"reason\": {}, \"enabled\": 3,"
                        + " \"final_amount\": \"abc\", \"policy\": 5, \"unknown_field_\u00e9\": 1}");
    }

    private static List<String> anyBodies() {
        List<String> v = new ArrayList<>(badBodies());
        v.addAll(List.of("{}", "null", "[]", "\"string\"", "42", "true", "{\"amount\": -1}", "{\"paused\": true}"));
        return v;
    }

    private static List<String[]> oddHeaders() {
        return List.of(new String[] {"idempotency-key", "k".repeat(1010)}, new String[] {"idempotency-key", "é".repeat(200)},
                new String[] {"idempotency-key", ""}, new String[] {"content-type", "text/plain"},
                new String[] {"content-type", "application/json; charset=utf-16"}, new String[] {"x-big", "v".repeat(10_000)},
                new String[] {"idempotency-key", "a\u0000b"}, new String[] {"accept", "*/*\u00ff"});
    }

    private static List<String> oddQueries() {
        return List.of("limit=-1", "limit=abc", "limit=999999999999", "cursor=" + "Z".repeat(2000), "cursor=%00",
                "status=" + enc("ü✓"), "status=pending&status=approved", "offset=-5&limit=0", "agent_id=" + "a".repeat(3000),
                "period=" + enc("\u0000"), "x=" + enc("😀"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static <T> T pick(Random random, List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static <T> T pickOrNull(Random random, List<T> options) {
        return random.nextInt(options.size() + 1) == 0 ? null : pick(random, options);
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() <= 120 ? s : s.substring(0, 120) + "…(" + s.length() + ")";
    }
}
