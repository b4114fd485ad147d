package dev.purser.bench;

import static dev.purser.store.Attr.num;
import static dev.purser.store.Attr.numOrNull;
import static dev.purser.store.Attr.str;

import dev.purser.accounts.Account;
import dev.purser.auth.Secrets;
import dev.purser.config.Env;
import dev.purser.json.Json;
import dev.purser.retry.Contended;
import dev.purser.spendguard.Attempt;
import dev.purser.spendguard.BudgetLeases;
import dev.purser.spendguard.LeaseResult;
import dev.purser.spendguard.Principal;
import dev.purser.spendguard.ReservationResult;
import dev.purser.spendguard.Reservations;
import dev.purser.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The invariant load's budget-lease part (docs/invariants.md §11): a family of agents — roots,
 * children, grandchildren — in one account; seeded concurrent clients create (nested) leases,
 * reserve as leased children and as parents, capture, release, release leases, sweep and move
 * the clock, all racing. Then one consistent scan is checked by {@link LeaseChecker}.
 */
final class LeaseLoad {
    private static final Instant START = Instant.parse("2026-11-23T15:00:00Z");

    boolean run(Settings settings, Env env, Report report) throws Exception {
        long seed = settings.seed() ^ 0x1EA5EL;
        int ops = Math.max(200, settings.requests() / 5);
        MutableClock clock = new MutableClock(START);
        String table = "purser-bench-leases-" + seed + "-" + System.currentTimeMillis();
        BenchWorld world = new BenchWorld(env, table, clock);
        Account account = world.account(null);
        Random setup = new Random(seed);
        List<BenchWorld.BenchAgent> family = new ArrayList<>();
        Map<String, Long> dailyLimits = new HashMap<>();
        for (int i = 0; i < 9; i++) {
            long daily = (300 + setup.nextInt(700)) * 100L;
            String policy = "{\"daily_limit\": " + daily / 100 + ", \"per_request_limit\": 60,"
                    + " \"auto_approve\": {\"enabled\": true, \"max_amount\": 60}}";
            BenchWorld.BenchAgent a = world.agent(account, 2_000_00L + setup.nextInt(3_000) * 100L, policy);
            family.add(a);
            dailyLimits.put(a.id(), daily);
        }
        // Roots 0..2 lease to children 3..5, children lease to grandchildren 6..8 (and sometimes to each other).
        Reservations reservations = new Reservations(world.purser.dynamo(), table, world.purser.reader(), clock);
        BudgetLeases leases = new BudgetLeases(world.purser.dynamo(), table, world.purser.reader(), clock);
        Principal owner = Principal.owner(account.id());
        List<String> leaseIds = new CopyOnWriteArrayList<>();
        List<String> reservationIds = new CopyOnWriteArrayList<>();
        Map<String, AtomicLong> outcomes = new TreeMap<>();
        List<String> unexpected = new CopyOnWriteArrayList<>();
        AtomicInteger next = new AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(30, settings.maxSeconds() / 4));
        double seconds = Seeder.concurrently(settings.clients(), () -> {
            int i;
            while ((i = next.getAndIncrement()) < ops && System.nanoTime() < deadline) {
                Random r = new Random(seed * 31 + i);
                int kind = r.nextInt(100);
                String outcome;
                try {
                    if (kind < 25) {
                        int parent = r.nextInt(6);
                        int child = parent < 3 ? 3 + r.nextInt(6) : 6 + r.nextInt(3);
                        Instant exp = r.nextBoolean() ? clock.instant().plus(Duration.ofMinutes(10 + r.nextInt(120))) : null;
                        var constraints = Json.object();
                        if (r.nextBoolean()) constraints.put("per_request_limit", "" + (10 + r.nextInt(50)));
                        LeaseResult lr = leases.create(owner, new BudgetLeases.NewLease(family.get(parent).id(),
                                family.get(child).id(), (20 + r.nextInt(300)) * 100L, null, exp, constraints), Json.object(), null);
                        if (lr instanceof LeaseResult.Done d) leaseIds.add(d.body().get("lease_id").asText());
                        outcome = "lease create -> " + lr.getClass().getSimpleName();
                    } else if (kind < 62) {
                        BenchWorld.BenchAgent a = family.get(r.nextInt(9));
                        Attempt attempt = new Attempt(null, 100 + r.nextInt(5_000), null, "api", null);
                        ReservationResult rr = reservations.create(Principal.agent(Secrets.sha256Hex(a.token())),
                                new Reservations.NewReservation(attempt, Duration.ofMinutes(5 + r.nextInt(60))), Json.object(), null);
                        if (rr instanceof ReservationResult.Done d) reservationIds.add(d.body().get("reservation_id").asText());
                        outcome = "reserve -> " + rr.getClass().getSimpleName();
                    } else if (kind < 82) {
                        if (reservationIds.isEmpty()) continue;
                        String id = reservationIds.get(r.nextInt(reservationIds.size()));
                        ReservationResult rr = r.nextBoolean()
                                ? reservations.capture(owner, id, 1 + r.nextInt(5_000), Json.object(), null)
                                : reservations.release(owner, id, Json.object(), null);
                        outcome = "settle -> " + rr.getClass().getSimpleName();
                    } else if (kind < 94) {
                        if (leaseIds.isEmpty()) continue;
                        LeaseResult lr = leases.release(owner, leaseIds.get(r.nextInt(leaseIds.size())), Json.object(), null);
                        outcome = "lease release -> " + lr.getClass().getSimpleName();
                    } else if (kind < 97) {
                        outcome = "sweep -> " + (leases.sweep(clock.instant(), 100) + reservations.sweep(clock.instant(), 100) > 0 ? "some" : "none");
                    } else {
                        clock.advance(Duration.ofMinutes(1 + r.nextInt(30)));
                        outcome = "clock advanced";
                    }
                } catch (Contended e) {
                    // The services' documented answer once their bounded retries are spent
                    // (the API's 409 with Retry-After, docs/limits.md): lease churn racing a
                    // decision's read can cause it. Counted, not unexpected; the invariants
                    // are checked after the load either way.
                    outcome = "contended (409, retry)";
                } catch (Exception e) {
                    outcome = "threw " + e.getClass().getSimpleName();
                    unexpected.add(e + "");
                }
                synchronized (outcomes) {
                    outcomes.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
                }
            }
            return null;
        });

        List<LeaseChecker.LeaseRow> leaseRows = new ArrayList<>();
        List<LeaseChecker.ReservationRow> rsv = new ArrayList<>();
        List<LeaseChecker.AgentRow> agents = new ArrayList<>();
        List<LeaseChecker.CounterRow> counters = new ArrayList<>();
        List<LeaseChecker.EventRow> events = new ArrayList<>();
        Seeder.scan(world.purser.dynamo(), table, item -> {
            String pk = str(item, "pk"), sk = str(item, "sk");
            if (pk.startsWith("LEASE#") && sk.equals("LEASE")) {
                leaseRows.add(new LeaseChecker.LeaseRow(str(item, "lease_id"), str(item, "parent_agent"), str(item, "child_agent"),
                        str(item, "parent_lease_id"), str(item, "status"), num(item, "amount"), num(item, "held"),
                        num(item, "spent"), num(item, "remaining"), str(item, "win_d")));
            } else if (pk.startsWith("RESERVATION#")) {
                rsv.add(new LeaseChecker.ReservationRow(str(item, "reservation_id"), str(item, "agent_id"), str(item, "lease_id"),
                        str(item, "status"), num(item, "amount"), numOrNull(item, "captured"), str(item, "win_d")));
            } else if (pk.startsWith("AGENT#") && sk.equals("AGENT")) {
                agents.add(new LeaseChecker.AgentRow(str(item, "agent_id"), num(item, "budget"), num(item, "spent"),
                        num(item, "held"), num(item, "available")));
            } else if ((pk.startsWith("AGENT#") || pk.startsWith("ACCOUNT#")) && (sk.startsWith("WINDOW#USD#D#") || sk.startsWith("TOTALS#"))) {
                counters.add(new LeaseChecker.CounterRow(pk, sk, num(item, "spent"), num(item, "held"), num(item, "used")));
            } else if (pk.startsWith("EVENT#")) {
                String type = str(item, "type");
                var data = Json.parseTrusted(str(item, "envelope")).path("data");
                if (type.startsWith("lease.")) events.add(new LeaseChecker.EventRow(data.path("lease_id").asText(), type));
                if (type.startsWith("reservation.")) events.add(new LeaseChecker.EventRow(data.path("reservation_id").asText(), type));
            }
        });
        List<String> violations = new LeaseChecker().check(account.id(), leaseRows, rsv, agents, counters, events, dailyLimits);

        System.out.println("Lease invariant load outcomes (seed " + seed + "):");
        outcomes.forEach((k, n) -> System.out.println("  " + k + ": " + n));
        System.out.println("Checked " + leaseRows.size() + " leases, " + rsv.size() + " reservations, " + agents.size() + " agents: "
                + (violations.isEmpty() ? "no violations" : violations.size() + " VIOLATIONS"));
        violations.stream().limit(50).forEach(x -> System.out.println("  VIOLATION " + x));
        unexpected.stream().limit(20).forEach(x -> System.out.println("  UNEXPECTED " + x));
        report.row("Lease invariant load", "operations in time", ops + " in " + Report.num(seconds, 1) + " s", "");
        report.row("Lease invariant load", "leases / reservations checked", leaseRows.size() + " / " + rsv.size(), "");
        report.row("Lease invariant load", "invariant violations", Integer.toString(violations.size()), "0");
        report.row("Lease invariant load", "unexpected answers (exceptions)", Integer.toString(unexpected.size()), "0");
        var json = report.section("lease_invariant_load");
        json.put("seed", seed);
        json.put("operations", ops);
        json.put("seconds", seconds);
        json.put("leases_checked", leaseRows.size());
        json.put("reservations_checked", rsv.size());
        json.put("violations", violations.size());
        json.put("unexpected", unexpected.size());
        var outcomeJson = json.putObject("outcomes");
        outcomes.forEach((k, n) -> outcomeJson.put(k, n.get()));
        var list = json.putArray("violation_samples");
        violations.stream().limit(50).forEach(list::add);
        return violations.isEmpty() && unexpected.isEmpty();
    }
}
