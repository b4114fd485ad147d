package dev.purser.bench;

import dev.purser.money.Money;
import dev.purser.testing.MutableClock;
import static dev.purser.store.Attr.num;
import static dev.purser.store.Attr.numOrNull;
import static dev.purser.store.Attr.str;

import dev.purser.accounts.Account;
import dev.purser.config.Env;
import dev.purser.http.HttpResponse;
import dev.purser.json.Json;
import dev.purser.requests.ExpirySweep;
import dev.purser.requests.PurchaseRequest;
import dev.purser.requests.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import dev.purser.auth.Secrets;
import dev.purser.spendguard.Attempt;
import dev.purser.spendguard.Principal;
import dev.purser.spendguard.Reservation;
import dev.purser.spendguard.ReservationResult;
import dev.purser.spendguard.Reservations;

/**
 * The invariant load: N agents under one account (budgets, daily limits, an account daily rule),
 * a seeded {@link Schedule} of creates (through the Agent API handlers in-process), owner approves
 * and rejects, lazy expiries, sweeps and agent confirms, run by many concurrent clients while the
 * driver moves the injectable clock so requests do expire. Then a consistent scan of its own table
 * and the {@link InvariantChecker}. Owner actions call {@code RequestLifecycle}, the module the
 * owner API and one-click links call.
 */
final class InvariantLoad {
    private static final Instant START = Instant.parse("2026-11-23T15:00:00Z"); // Monday 10:00 in New York

    boolean run(Settings settings, Env env, Report report) throws Exception {
        long seed = settings.seed();
        System.out.println("Invariant load: seed " + seed + " (replay the schedule with --seed " + seed + ")");
        Schedule schedule = Schedule.generate(seed, settings.agents(), settings.requests());
        MutableClock clock = new MutableClock(START);
        String table = "purser-bench-invariants-" + seed + "-" + System.currentTimeMillis();
        BenchWorld world = new BenchWorld(env, table, clock);

        // The world itself is seeded too: budgets and limits tight enough that limits bind.
        Random rnd = new Random(seed ^ 0x5DEECE66DL);
        // Sized so that each limit binds for part of the run (about a week of clock time):
        // the account rule most often, some agents' daily limits and some lifetime budgets.
        long accountDaily = settings.agents() * 600_00L;
        Account account = world.account("{\"id\": \"inv-daily\", \"name\": \"account-daily\", \"limit_type\": \"daily\", \"limit_amount\": \""
                + Money.plain(accountDaily) + "\"}");
        List<BenchWorld.BenchAgent> agents = new ArrayList<>();
        Map<String, Long> dailyLimits = new HashMap<>();
        for (int i = 0; i < settings.agents(); i++) {
            long budget = (5_000 + rnd.nextInt(15_000)) * 100L * settings.requests() / 10_000;
            long daily = (500 + rnd.nextInt(1_500)) * 100L;
            String policy = "{\"daily_limit\": " + daily / 100 + ", \"per_request_limit\": 110,"
                    + " \"auto_approve\": {\"enabled\": true, \"max_amount\": 25}}";
            BenchWorld.BenchAgent a = world.agent(account, budget, policy);
            agents.add(a);
            dailyLimits.put(a.id(), daily);
        }

        Outcomes outcomes = new Outcomes();
        @SuppressWarnings("unchecked")
        CompletableFuture<String>[] created = new CompletableFuture[schedule.creates];
        int[] createIndexOfOp = new int[schedule.ops.size()];
        for (int i = 0, c = 0; i < schedule.ops.size(); i++) {
            if (schedule.ops.get(i).kind() == Schedule.Kind.CREATE) {
                createIndexOfOp[i] = c;
                created[c++] = new CompletableFuture<>();
            }
        }
        Map<String, BenchWorld.BenchAgent> agentOfRequest = new ConcurrentHashMap<>();
        ExpirySweep sweep = new ExpirySweep(world.purser.queries(), world.purser.lifecycle());
        // Every fifth create is a SpendGuard reservation instead (short expiry, so the clock and the
        // sweep expire some); the ops that target it capture (approve, confirm), release (reject)
        // or expire it, racing like the requests' ops do.
        Reservations reservations = new Reservations(world.purser.dynamo(), table, world.purser.reader(), world.purser.clock());
        AtomicInteger next = new AtomicInteger();
        AtomicLong done = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.maxSeconds());
        Progress progress = new Progress("invariant load: " + schedule.ops.size() + " operations (" + schedule.creates
                + " creates), " + settings.clients() + " clients", schedule.ops.size());
        double seconds = Seeder.concurrently(settings.clients(), () -> {
            int i;
            while ((i = next.getAndIncrement()) < schedule.ops.size()) {
                Schedule.Op op = schedule.ops.get(i);
                if (System.nanoTime() > deadline) {
                    // Past the time bound: creates still resolve so nobody waits on them forever.
                    if (op.kind() == Schedule.Kind.CREATE) created[createIndexOfOp[i]].complete(null);
                    outcomes.add(op.kind() + " skipped (time bound)");
                    continue;
                }
                try {
                    switch (op.kind()) {
                        case CREATE -> {
                            BenchWorld.BenchAgent a = agents.get(op.agent());
                            if (isReservation(op)) {
                                created[createIndexOfOp[i]].complete(reserve(reservations, a, op, outcomes));
                                progress.update(done.incrementAndGet());
                                continue;
                            }
                            HttpResponse r = world.create(a.token(), BenchWorld.body(op.amount(),
                                    Schedule.CATEGORIES[(int) (op.amount() % Schedule.CATEGORIES.length)]));
                            String id = null;
                            if (r.status() == 201) {
                                var body = Json.parseTrusted(r.body());
                                id = body.get("request_id").asText();
                                agentOfRequest.put(id, a);
                                outcomes.add("create -> " + body.get("status").asText());
                            } else {
                                outcomes.add("create -> " + Outcomes.http(r));
                            }
                            created[createIndexOfOp[i]].complete(id);
                        }
                        case APPROVE, REJECT, EXPIRE, CONFIRM -> {
                            String target = created[op.target()].get();
                            if (target != null && target.startsWith(Reservation.ID_PREFIX)) settle(reservations, world, account, op, target, outcomes);
                            else act(world, account, op, target, agentOfRequest, outcomes);
                        }
                        case SWEEP -> {
                            outcomes.add("sweep expired " + bucket(sweep.sweep(world.purser.now(), 1_000).expired()));
                            outcomes.add("reservation sweep expired " + bucket(reservations.sweep(world.purser.now(), 1_000)));
                        }
                        case ADVANCE_CLOCK -> {
                            clock.advance(Duration.ofMinutes(op.minutes()));
                            outcomes.add("clock +" + (op.minutes() >= 60 ? "hours" : "minutes"));
                        }
                    }
                } catch (Exception e) {
                    if (op.kind() == Schedule.Kind.CREATE) created[createIndexOfOp[i]].complete(null);
                    outcomes.add(op.kind() + " threw " + e.getClass().getSimpleName() + ": " + e.getMessage());
                }
                progress.update(done.incrementAndGet());
            }
            return null;
        });
        progress.done();

        Ledger ledger = read(world, table, account, dailyLimits, accountDaily);
        List<String> violations = new InvariantChecker().check(ledger);
        List<String> errors = outcomes.unexpected();

        System.out.println("Invariant load outcomes (seed " + seed + "):");
        outcomes.counts.forEach((k, v) -> System.out.println("  " + k + ": " + v));
        System.out.println("Checked " + ledger.requests().size() + " requests, " + ledger.agents().size() + " agents, "
                + ledger.counters().size() + " counter items, " + ledger.events().size() + " request events: "
                + (violations.isEmpty() ? "no violations" : violations.size() + " VIOLATIONS"));
        violations.stream().limit(50).forEach(v -> System.out.println("  VIOLATION " + v));
        errors.stream().limit(20).forEach(v -> System.out.println("  UNEXPECTED " + v));

        report.row("Invariant load", "seed", Long.toString(seed), "");
        report.row("Invariant load", "agents / clients", settings.agents() + " / " + settings.clients(), "");
        report.row("Invariant load", "operations (creates) in time", schedule.ops.size() + " (" + schedule.creates + ") in "
                + Report.num(seconds, 1) + " s", "");
        report.row("Invariant load", "requests checked", Integer.toString(ledger.requests().size()), "");
        report.row("Invariant load", "invariant violations", Integer.toString(violations.size()), "0");
        report.row("Invariant load", "unexpected answers (500, exceptions)", Integer.toString(errors.size()), "0");
        report.row("Invariant load", "5xx answers by kind", outcomes.serverErrors(), "503 only (storage busy)");
        var json = report.section("invariant_load");
        json.put("seed", seed);
        json.put("agents", settings.agents());
        json.put("clients", settings.clients());
        json.put("operations", schedule.ops.size());
        json.put("creates", schedule.creates);
        json.put("seconds", seconds);
        json.put("requests_checked", ledger.requests().size());
        json.put("counter_items_checked", ledger.counters().size());
        json.put("events_checked", ledger.events().size());
        json.put("violations", violations.size());
        json.put("unexpected", errors.size());
        var outcomeJson = json.putObject("outcomes");
        outcomes.counts.forEach((k, v) -> outcomeJson.put(k, v.get()));
        var list = json.putArray("violation_samples");
        violations.stream().limit(50).forEach(list::add);
        return violations.isEmpty() && errors.isEmpty();
    }

    private static void act(BenchWorld world, Account account, Schedule.Op op, String requestId,
                            Map<String, BenchWorld.BenchAgent> agentOfRequest, Outcomes outcomes) {
        String kind = op.kind().name().toLowerCase();
        if (requestId == null) {
            outcomes.add(kind + " -> its create was not accepted");
            return;
        }
        var lifecycle = world.purser.lifecycle();
        switch (op.kind()) {
            case APPROVE -> outcomes.add(kind + " -> " + name(lifecycle.approve(account.id(), requestId, world.purser.now())));
            case REJECT -> outcomes.add(kind + " -> " + name(lifecycle.reject(account.id(), requestId, "bench", world.purser.now())));
            case EXPIRE -> {
                PurchaseRequest r = lifecycle.get(requestId);
                PurchaseRequest after = lifecycle.expireIfDue(r, world.purser.now());
                outcomes.add(kind + " -> " + (after.status() == r.status() ? "not due or resolved" : after.status().wire()));
            }
            case CONFIRM -> {
                BenchWorld.BenchAgent a = agentOfRequest.get(requestId);
                String body = "{\"success\": " + op.success()
                        + (op.amount() >= 0 ? ", \"actual_amount\": " + Money.plain(op.amount()) : "") + "}";
                HttpResponse r = world.confirm(a.token(), requestId, body);
                outcomes.add(kind + " -> " + Outcomes.http(r));
            }
            default -> throw new IllegalStateException(op.kind().name());
        }
    }

    static boolean isReservation(Schedule.Op op) {
        return op.amount() % 5 == 0;
    }

    /** A reservation through the service the SpendGuard API calls (the agent's own token). */
    private static String reserve(Reservations reservations, BenchWorld.BenchAgent a, Schedule.Op op, Outcomes outcomes) {
        // At most 25.00, the agents' auto-approve threshold, so most reservations are allowed.
        var attempt = new Attempt(null, Math.max(1, Math.min(op.amount(), 2_500)), null, Schedule.CATEGORIES[(int) (op.amount() % Schedule.CATEGORIES.length)], "Bench");
        ReservationResult r = reservations.create(Principal.agent(Secrets.sha256Hex(a.token())),
                new Reservations.NewReservation(attempt, Duration.ofMinutes(20)), Json.object(), null);
        if (r instanceof ReservationResult.Done d) {
            outcomes.add("reserve -> held");
            return d.body().get("reservation_id").asText();
        }
        outcomes.add("reserve -> " + r.getClass().getSimpleName());
        return null;
    }

    private static void settle(Reservations reservations, BenchWorld world, Account account, Schedule.Op op, String id,
                               Outcomes outcomes) {
        Principal owner = Principal.owner(account.id());
        ReservationResult r;
        switch (op.kind()) {
            case APPROVE, CONFIRM -> {
                var current = reservations.store().get(id).orElseThrow();
                long amount = op.amount() > 0 ? Math.min(op.amount(), current.amount()) : current.amount();
                r = reservations.capture(owner, id, Math.max(1, amount), Json.object(), null);
            }
            case REJECT -> r = reservations.release(owner, id, Json.object(), null);
            default -> {
                var current = reservations.store().get(id).orElseThrow();
                outcomes.add("reservation expire -> " + (reservations.expire(current, world.purser.now()) ? "expired" : "not due or resolved"));
                return;
            }
        }
        outcomes.add("reservation " + op.kind().name().toLowerCase() + " -> " + r.getClass().getSimpleName());
    }

    private static String name(Transition t) {
        return t.getClass().getSimpleName();
    }

    private static String bucket(int expired) {
        return expired == 0 ? "0" : expired < 10 ? "1-9" : "10+";
    }

    /** Counts of what happened, by kind; 500s and exceptions are unexpected. */
    private static final class Outcomes {
        final Map<String, AtomicLong> counts = new TreeMap<>();
        private final List<String> unexpected = new ArrayList<>();

        synchronized void add(String outcome) {
            counts.computeIfAbsent(outcome.contains(" threw ") ? outcome.substring(0, outcome.indexOf(" threw ") + 6) : outcome,
                    k -> new AtomicLong()).incrementAndGet();
            if (outcome.contains(" threw ") || outcome.contains("HTTP 500")) unexpected.add(outcome);
        }

        synchronized List<String> unexpected() {
            return List.copyOf(unexpected);
        }

        /** "HTTP 201"; a 5xx with its kind, the body's code ("HTTP 503 storage_busy"), so 5xx are counted by kind. */
        static String http(HttpResponse r) {
            if (r.status() < 500) return "HTTP " + r.status();
            String code = r.body() == null ? "" : Json.parseTrusted(r.body()).path("code").asText("");
            return "HTTP " + r.status() + (code.isEmpty() ? "" : " " + code);
        }

        /** The 5xx answers by kind ("create -> HTTP 503 storage_busy: 3, ..."), or "none". */
        synchronized String serverErrors() {
            String s = counts.entrySet().stream().filter(e -> e.getKey().contains("HTTP 5"))
                    .map(e -> e.getKey() + ": " + e.getValue()).collect(java.util.stream.Collectors.joining(", "));
            return s.isEmpty() ? "none" : s;
        }
    }

    /** One strongly consistent scan of the run's own table, sorted into the ledger. */
    private static Ledger read(BenchWorld world, String table, Account account, Map<String, Long> dailyLimits, long accountDaily) {
        List<Ledger.RequestRow> requests = new ArrayList<>();
        List<Ledger.AgentRow> agents = new ArrayList<>();
        List<Ledger.CounterRow> counters = new ArrayList<>();
        List<Ledger.EventRow> events = new ArrayList<>();
        Seeder.scan(world.purser.dynamo(), table, item -> {
            String pk = str(item, "pk"), sk = str(item, "sk");
            if (pk.startsWith("REQUEST#")) {
                requests.add(new Ledger.RequestRow(str(item, "request_id"), str(item, "agent_id"), str(item, "status"),
                        num(item, "amount"), numOrNull(item, "actual_amount"), str(item, "win_d"), str(item, "win_w"), str(item, "win_m"),
                        str(item, "win_y"), str(item, "win_h")));
            } else if (pk.startsWith("RESERVATION#")) {
                // A reservation weighs like a request (docs/invariants.md §10): rows with status
                // held / captured / released / expired, ids starting rsv_.
                requests.add(new Ledger.RequestRow(str(item, "reservation_id"), str(item, "agent_id"), str(item, "status"),
                        num(item, "amount"), numOrNull(item, "captured"), str(item, "win_d"), str(item, "win_w"), str(item, "win_m"),
                        str(item, "win_y"), str(item, "win_h")));
            } else if (pk.startsWith("AGENT#") && sk.equals("AGENT")) {
                agents.add(new Ledger.AgentRow(str(item, "agent_id"), num(item, "budget"), num(item, "spent"), num(item, "held"),
                        num(item, "available"), num(item, "pending_count")));
            } else if ((pk.startsWith("AGENT#") || pk.startsWith("ACCOUNT#")) && (sk.startsWith("WINDOW#") || sk.startsWith("TOTALS#"))) {
                counters.add(new Ledger.CounterRow(pk, sk, num(item, "spent"), num(item, "held"), num(item, "used")));
            } else if (pk.startsWith("EVENT#") && str(item, "type").startsWith("request.")) {
                var envelope = Json.parseTrusted(str(item, "envelope"));
                events.add(new Ledger.EventRow(str(item, "event_id"), envelope.path("data").path("request_id").asText(), str(item, "type")));
            } else if (pk.startsWith("EVENT#") && str(item, "type").startsWith("reservation.")) {
                var envelope = Json.parseTrusted(str(item, "envelope"));
                events.add(new Ledger.EventRow(str(item, "event_id"), envelope.path("data").path("reservation_id").asText(), str(item, "type")));
            }
        });
        return new Ledger(account.id(), account.currency(), requests, agents, counters, events, dailyLimits, accountDaily);
    }
}
