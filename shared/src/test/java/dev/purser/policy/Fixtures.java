package dev.purser.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.json.Json;
import dev.purser.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Shared test helpers: a fixed clock, JSON in text blocks, attempts and snapshots. */
final class Fixtures {
    /** Wednesday 2026-04-08 14:30 UTC (10:30 in New York, 23:30 in Tokyo). */
    static final Instant NOW = Instant.parse("2026-04-08T14:30:00Z");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private Fixtures() {}

    static JsonNode json(String text) {
        return Json.parseTrusted(text);
    }

    static Policy policy(String text) {
        return Policy.parse(json(text));
    }

    static PurchaseAttempt attempt(String amount, String category) {
        return attempt(amount, category, null);
    }

    static PurchaseAttempt attempt(String amount, String category, String merchant) {
        BigDecimal d = new BigDecimal(amount);
        return new PurchaseAttempt(d, Money.toMinor(d), category, merchant);
    }

    /** "rule|pass|detail" per check, for compact exact assertions. */
    static List<String> lines(Decision d) {
        List<String> out = new ArrayList<>();
        for (Check c : d.checks()) out.add(c.rule() + "|" + c.result() + "|" + c.detail());
        return out;
    }

    static String line(Decision d, String rule) {
        for (Check c : d.checks()) if (c.rule().equals(rule)) return c.result() + "|" + c.detail();
        return null;
    }

    /** A snapshot builder; money in minor units. Default: budget 10000.00, nothing used. */
    static final class Snap {
        long budget = 1_000_000, spent, held;
        long agentDaily, agentWeekly, agentMonthly;
        long accountDaily, accountWeekly, accountMonthly, accountTotal;
        Map<String, Long> rules = new HashMap<>();
        long minute, hour;

        Snap budget(long b, long s, long h) { budget = b; spent = s; held = h; return this; }
        Snap agent(long d, long w, long m) { agentDaily = d; agentWeekly = w; agentMonthly = m; return this; }
        Snap account(long d, long w, long m, long t) {
            accountDaily = d; accountWeekly = w; accountMonthly = m; accountTotal = t; return this;
        }
        Snap rule(String id, long v) { rules.put(id, v); return this; }
        Snap velocity(long m, long h) { minute = m; hour = h; return this; }

        Snapshot build() {
            return new Snapshot(budget, spent, held, agentDaily, agentWeekly, agentMonthly,
                    accountDaily, accountWeekly, accountMonthly, accountTotal, rules, minute, hour);
        }
    }

    static Snap snap() {
        return new Snap();
    }

    static AccountRule rule(String id, String name, LimitType type, long limitMinor, int priority) {
        return new AccountRule(id, name, type, limitMinor, Money.plain(limitMinor), priority, null, null, null, true);
    }
}
