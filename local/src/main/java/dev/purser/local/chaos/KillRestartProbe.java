package dev.purser.local.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.purser.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The crash probe of issue 11: runs the local runtime as a child JVM on one data directory, drives
 * concurrent agents against it (creates with an {@code Idempotency-Key}, and confirms of what was
 * approved, each with its own key), {@code kill -9}s it in the middle of the load, restarts it on
 * the same directory and checks that nothing it had answered was lost:
 * <ul>
 *   <li>every acknowledged (201) request is there, and a retry with its key replays the same id;</li>
 *   <li>every acknowledged (200) confirm, retried with its key, answers the same status and body status;</li>
 *   <li>every acknowledged request reaches the webhook subscriber with its decision event, and every
 *       acknowledged confirm with its {@code request.completed} (at least once; duplicates are
 *       counted but allowed, docs/events.md);</li>
 *   <li>money invariants per agent: {@code budget = spent + held + remaining}, none negative.</li>
 * </ul>
 * Used by {@code KillRestartTest} (a few rounds) and the bench's {@code chaos} section (more).
 */
public final class KillRestartProbe {
    /** @param classpath the local runtime's class path (this JVM's, by default) */
    public record Settings(int rounds, int clients, int agents, Duration minLoad, Duration maxLoad, long seed,
                           Path dataDir, String classpath, Duration eventWait) {
        public static Settings quick(Path dataDir) {
            return new Settings(3, 8, 24, Duration.ofMillis(0), Duration.ofMillis(800), 1, dataDir,
                    System.getProperty("java.class.path"), Duration.ofSeconds(90));
        }
    }

    /** What the probe saw; every count but the first five must be 0. */
    public record Report(int rounds, int acknowledgedCreates, int acknowledgedConfirms, int eventsReceived,
                         int duplicateEvents, int acknowledgedLost, int replayMismatches, int confirmReplayMismatches,
                         int eventsLost, int invariantViolations, List<Long> healthMillis, List<String> problems,
                         Map<String, Integer> serverErrors) {
        public boolean clean() {
            return acknowledgedLost == 0 && replayMismatches == 0 && confirmReplayMismatches == 0 && eventsLost == 0
                    && invariantViolations == 0;
        }
    }

    record Agent(String id, String token) {}

    record Ack(Agent agent, String key, String body, String requestId, String status) {}

    record ConfirmAck(Agent agent, String requestId, String key, String body, int code, String status) {}

    private final Settings settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Set<String>> eventTypesByRequest = new ConcurrentHashMap<>();
    private final Set<String> eventIds = ConcurrentHashMap.newKeySet();
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    /** 5xx answers under load by kind ("503 overloaded", "500"): a 500 is a bug, a 503 an honest "retry". */
    private final Map<String, Integer> serverErrors = new ConcurrentHashMap<>();
    private int eventsReceived;
    private int duplicates;

    public KillRestartProbe(Settings settings) {
        this.settings = settings;
    }

    public static Report run(Settings settings) throws Exception {
        return new KillRestartProbe(settings).run();
    }

    public Report run() throws Exception {
        Random random = new Random(settings.seed());
        HttpServer subscriber = subscriber();
        List<Long> health = new ArrayList<>();
        List<Ack> allCreates = new ArrayList<>();
        List<ConfirmAck> allConfirms = new ArrayList<>();
        int lost = 0;
        int replayMismatches = 0;
        int confirmMismatches = 0;
        Child child = Child.start(settings, health);
        try {
            List<Agent> agents = setUp(child, "http://127.0.0.1:" + subscriber.getAddress().getPort() + "/hook");
            for (int round = 1; round <= settings.rounds(); round++) {
                child.checking = false;
                List<Ack> creates = Collections.synchronizedList(new ArrayList<>());
                List<ConfirmAck> confirms = Collections.synchronizedList(new ArrayList<>());
                load(child, agents, random, creates, confirms);
                child = Child.start(settings, health);
                child.checking = true;
                for (Ack a : List.copyOf(creates)) {
                    var got = call(child, "GET", "/api/v1/agent-api/requests/" + a.requestId(), a.agent().token(), null, null);
                    if (got.statusCode() != 200) {
                        lost++;
                        problems.add("round " + round + ": acknowledged request " + a.requestId() + " answers " + got.statusCode());
                    }
                    var replay = call(child, "POST", "/api/v1/agent-api/requests", a.agent().token(), a.key(), a.body());
                    String replayId = replay.statusCode() / 100 == 2 ? Json.parseTrusted(replay.body()).path("request_id").asText() : null;
                    if (!a.requestId().equals(replayId)) {
                        replayMismatches++;
                        problems.add("round " + round + ": create retried with key " + a.key() + " answers "
                                + replay.statusCode() + " " + replayId + ", first answer " + a.requestId());
                    }
                }
                for (ConfirmAck c : List.copyOf(confirms)) {
                    var replay = call(child, "POST", "/api/v1/agent-api/requests/" + c.requestId() + "/confirm",
                            c.agent().token(), c.key(), c.body());
                    String status = replay.statusCode() / 100 == 2 ? Json.parseTrusted(replay.body()).path("status").asText() : null;
                    if (replay.statusCode() != c.code() || !c.status().equals(status)) {
                        confirmMismatches++;
                        problems.add("round " + round + ": confirm of " + c.requestId() + " retried with its key answers "
                                + replay.statusCode() + " " + replay.body() + ", first answer " + c.code() + " " + c.status());
                    }
                }
                allCreates.addAll(creates);
                allConfirms.addAll(confirms);
            }
            child.checking = true;
            int eventsLost = awaitEvents(allCreates, allConfirms);
            int violations = invariants(child, agents);
            synchronized (this) {
                return new Report(settings.rounds(), allCreates.size(), allConfirms.size(), eventsReceived, duplicates,
                        lost, replayMismatches, confirmMismatches, eventsLost, violations, List.copyOf(health),
                        List.copyOf(problems), new TreeMap<>(serverErrors));
            }
        } finally {
            child.stop();
            subscriber.stop(0);
        }
    }

    /** Agents of their own (each with a token and an auto-approve policy) and one subscription to request events. */
    private List<Agent> setUp(Child child, String hookUrl) throws Exception {
        JsonNode demo = Json.parseTrusted(Files.readString(settings.dataDir().resolve("demo-credentials.json")));
        String owner = demo.path("owner_key").asText();
        List<Agent> agents = new ArrayList<>();
        for (int i = 0; i < settings.agents(); i++) {
            var r = call(child, "POST", "/v1/agents/register", owner, null,
                    "{\"external_id\": \"chaos-" + UUID.randomUUID() + "\", \"name\": \"chaos " + i + "\", \"budget\": \"1000000\"}");
            JsonNode agent = expect(r, 201, "register an agent");
            String id = agent.path("agent_id").asText();
            expect(call(child, "PUT", "/v1/agents/" + id + "/policy", owner, null,
                    "{\"auto_approve\": {\"enabled\": true, \"max_amount\": 50}}"), 200, "set a policy");
            agents.add(new Agent(id, agent.path("token").asText()));
        }
        expect(call(child, "POST", "/v1/webhooks", owner, null,
                "{\"url\": \"" + hookUrl + "\", \"events\": [\"request.*\"]}"), 201, "subscribe");
        return agents;
    }

    /** Concurrent clients until the kill, which comes at a random moment of the load. */
    private void load(Child child, List<Agent> agents, Random random, List<Ack> creates, List<ConfirmAck> confirms)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(settings.clients());
        for (int c = 0; c < settings.clients(); c++) {
            long seed = random.nextLong();
            int client = c;
            Thread t = new Thread(() -> {
                Random r = new Random(seed);
                int n = 0;
                try {
                    while (!stop.get()) {
                        Agent agent = agents.get((client + settings.clients() * (n++)) % agents.size());
                        oneRequest(child, agent, r, creates, confirms);
                    }
                } finally {
                    done.countDown();
                }
            }, "chaos-client-" + c);
            t.setDaemon(true);
            t.start();
        }
        // Kill at a random moment once the load is flowing (a fresh JVM answers its first calls slowly).
        int target = 8 + random.nextInt(25);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (creates.size() < target && System.nanoTime() < deadline) Thread.sleep(20);
        long min = settings.minLoad().toMillis();
        Thread.sleep(min + (long) (random.nextDouble() * (settings.maxLoad().toMillis() - min)));
        child.kill();
        stop.set(true);
        if (!done.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("clients did not stop");
    }

    private void oneRequest(Child child, Agent agent, Random r, List<Ack> creates, List<ConfirmAck> confirms) {
        try {
            // Mostly auto-approved (≤ 50), some pending, a few refused by nothing but the owner later.
            int amount = 1 + r.nextInt(r.nextInt(10) == 0 ? 80 : 45);
            String key = "chaos-" + UUID.randomUUID();
            String body = "{\"amount\": " + amount + ", \"category\": \"groceries\", \"merchant_name\": \"Chaos\"}";
            var created = call(child, "POST", "/api/v1/agent-api/requests", agent.token(), key, body);
            if (created.statusCode() == 429) {
                Thread.sleep(100);
                return;
            }
            if (created.statusCode() != 201) return;
            JsonNode json = Json.parseTrusted(created.body());
            String id = json.path("request_id").asText();
            String status = json.path("status").asText();
            creates.add(new Ack(agent, key, body, id, status));
            if (!"auto_approved".equals(status) || r.nextBoolean()) return;
            String confirmKey = "chaos-confirm-" + UUID.randomUUID();
            String confirmBody = "{\"success\": true, \"actual_amount\": " + amount + "}";
            var confirmed = call(child, "POST", "/api/v1/agent-api/requests/" + id + "/confirm", agent.token(),
                    confirmKey, confirmBody);
            if (confirmed.statusCode() == 200) {
                confirms.add(new ConfirmAck(agent, id, confirmKey, confirmBody, 200,
                        Json.parseTrusted(confirmed.body()).path("status").asText()));
            }
        } catch (IOException e) {
            // the runtime died under this call: its outcome is unknown, so it is not acknowledged
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until every acknowledged change has its event; returns how many are still missing. */
    private int awaitEvents(List<Ack> creates, List<ConfirmAck> confirms) throws InterruptedException {
        long deadline = System.nanoTime() + settings.eventWait().toNanos();
        while (true) {
            List<String> missing = new ArrayList<>();
            for (Ack a : creates) {
                Set<String> types = eventTypesByRequest.getOrDefault(a.requestId(), Set.of());
                if (!types.contains("request." + a.status())) missing.add(a.requestId() + " request." + a.status());
            }
            for (ConfirmAck c : confirms) {
                Set<String> types = eventTypesByRequest.getOrDefault(c.requestId(), Set.of());
                if (!types.contains("request." + c.status())) missing.add(c.requestId() + " request." + c.status());
            }
            if (missing.isEmpty()) return 0;
            if (System.nanoTime() > deadline) {
                missing.stream().limit(20).forEach(m -> problems.add("no event: " + m));
                return missing.size();
            }
            Thread.sleep(250);
        }
    }

    private int invariants(Child child, List<Agent> agents) throws Exception {
        JsonNode demo = Json.parseTrusted(Files.readString(settings.dataDir().resolve("demo-credentials.json")));
        String owner = demo.path("owner_key").asText();
        int violations = 0;
        for (Agent a : agents) {
            JsonNode v = expect(call(child, "GET", "/v1/agents/" + a.id(), owner, null, null), 200, "read an agent");
            long budget = cents(v.path("budget"));
            long spent = cents(v.path("spent"));
            long held = cents(v.path("held"));
            long remaining = cents(v.path("remaining"));
            if (budget != spent + held + remaining || spent < 0 || held < 0 || remaining < 0
                    || v.path("pending_count").asLong() < 0) {
                violations++;
                problems.add("agent " + a.id() + ": " + v);
            }
        }
        return violations;
    }

    private static long cents(JsonNode amount) {
        return new java.math.BigDecimal(amount.asText("0")).movePointRight(2).longValueExact();
    }

    private HttpServer subscriber() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            JsonNode event = Json.parseTrusted(body);
            String requestId = event.path("data").path("request_id").asText(null);
            synchronized (this) {
                eventsReceived++;
                if (!eventIds.add(event.path("id").asText())) duplicates++;
            }
            if (requestId != null) {
                eventTypesByRequest.computeIfAbsent(requestId, k -> ConcurrentHashMap.newKeySet())
                        .add(event.path("type").asText());
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "chaos-subscriber");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return server;
    }

    private HttpResponse<String> call(Child child, String method, String path, String bearer, String idempotencyKey,
                                      String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(child.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + bearer)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        if (idempotencyKey != null) b.header("Idempotency-Key", idempotencyKey);
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 500) serverErrors.merge(serverErrorKind(r), 1, Integer::sum);
            // Checks after a restart may meet the per-minute rate limit of the load: wait for the next minute.
            if (r.statusCode() != 429 || !child.checking() || attempt >= 70) return r;
            Thread.sleep(1000);
        }
    }

    private static String serverErrorKind(HttpResponse<String> r) {
        String code;
        try {
            code = Json.parseTrusted(r.body()).path("code").asText("");
        } catch (RuntimeException notJson) {
            code = "";
        }
        return r.statusCode() + (code.isEmpty() ? "" : " " + code);
    }

    private static JsonNode expect(HttpResponse<String> r, int status, String what) {
        if (r.statusCode() != status) throw new IllegalStateException(what + ": " + r.statusCode() + " " + r.body());
        return Json.parseTrusted(r.body());
    }

    /** The local runtime in its own JVM. */
    static final class Child {
        private final Process process;
        private final int port;
        /** After a restart: calls wait out the rate limit the load may have left (not during the load). */
        private volatile boolean checking;

        private Child(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static Child start(Settings s, List<Long> healthMillis) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            long started = System.nanoTime();
            Process p = new ProcessBuilder(java, "-Xmx384m", "-XX:+UseSerialGC",
                    "-cp", s.classpath(), "dev.purser.local.PurserLocal",
                    "--port", "0", "--data-dir", s.dataDir().toString(), "--allow-loopback-webhooks")
                    .redirectErrorStream(true).start();
            AtomicReference<String> base = new AtomicReference<>();
            CountDownLatch ready = new CountDownLatch(1);
            StringBuilder output = new StringBuilder();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        synchronized (output) {
                            if (output.length() < 200_000) output.append(line).append('\n');
                        }
                        if (line.startsWith("Purser is running at ")) {
                            base.set(line.substring("Purser is running at ".length()).trim());
                            ready.countDown();
                        }
                    }
                } catch (IOException ignored) {
                    // the process is gone
                }
            }, "chaos-child-output");
            reader.setDaemon(true);
            reader.start();
            if (!ready.await(300, TimeUnit.SECONDS)) {
                // A thread dump into the output says where it stands.
                new ProcessBuilder("kill", "-3", Long.toString(p.pid())).start().waitFor(5, TimeUnit.SECONDS);
                Thread.sleep(2000);
                p.destroyForcibly();
                synchronized (output) {
                    throw new IllegalStateException("the local runtime did not start within 300 s:\n" + output);
                }
            }
            int port = URI.create(base.get()).getPort();
            healthMillis.add((System.nanoTime() - started) / 1_000_000);
            return new Child(p, port);
        }

        String baseUrl() {
            return "http://127.0.0.1:" + port;
        }

        boolean checking() {
            return checking;
        }

        /** {@code kill -9}: no shutdown hook, no flush, nothing. */
        void kill() throws InterruptedException {
            checking = false;
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly();
        }
    }
}
