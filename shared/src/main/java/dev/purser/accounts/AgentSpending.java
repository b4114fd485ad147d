package dev.purser.accounts;

import static dev.purser.store.Attr.num;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;
import dev.purser.money.Money;
import dev.purser.policy.Limit;
import dev.purser.policy.Policy;
import dev.purser.store.Attr;
import dev.purser.store.BatchGet;
import dev.purser.store.Keys;
import dev.purser.time.Windows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An agent's spending per calendar window (day, ISO week, month in the account timezone, spec
 * §2.4) against its policy limits, plus its lifetime budget. Reads the same counter items the
 * decisions read, so the owner sees exactly what the next decision will.
 */
public record AgentSpending(DynamoDbClient dynamo, String table) {
    private static final char[] KINDS = {Windows.DAY, Windows.WEEK, Windows.MONTH, Windows.YEAR};
    private static final String[] NAMES = {"daily", "weekly", "monthly", "yearly"};

    /** Spent and held of one window. */
    public record Figures(long spent, long held) {
        public long used() {
            return spent + held;
        }
    }


    /** The owner API's {@code GET /v1/agents/{id}/spending} view. */
    public ObjectNode of(Agent agent, Instant now) {
        Account account = new AccountStore(dynamo, table).get(agent.accountId());
        Windows windows = Windows.of(now, account.zone());
        Map<String, Map<String, AttributeValue>> bySk = counters(agent, account.currency(), windows, now);
        Policy policy = Policy.parse(agent.policyJson() == null ? null : Json.parseTrusted(agent.policyJson()));
        Limit[] limits = {policy.dailyLimit(), policy.weeklyLimit(), policy.monthlyLimit(), policy.yearlyLimit()};

        ObjectNode out = Json.object().put("agent_id", agent.id()).put("currency", account.currency())
                .put("timezone", account.zone().getId());
        ObjectNode ws = out.putObject("windows");
        for (int i = 0; i < KINDS.length; i++) {
            String period = windows.period(KINDS[i]);
            var item = bySk.getOrDefault(Keys.windowSk(account.currency(), KINDS[i], period), Map.of());
            long spent = num(item, "spent");
            long held = num(item, "held");
            ObjectNode w = ws.putObject(NAMES[i]).put("period", period);
            w.put("limit", limits[i] == null ? null : Money.plain(limits[i].minor()));
            w.put("spent", Money.plain(spent));
            w.put("held", Money.plain(held));
            w.put("remaining", limits[i] == null ? null : Money.plain(limits[i].minor() - spent - held));
        }
        Figures r = rolling(bySk, account.currency(), now);
        Limit rl = policy.rolling24hLimit();
        List<String> buckets = Windows.rollingBuckets(now);
        ObjectNode w = ws.putObject("rolling_24h")
                .put("period", bucketStart(buckets.get(buckets.size() - 1)) + "/" + bucketStart(buckets.get(0)).plusSeconds(3600));
        w.put("limit", rl == null ? null : Money.plain(rl.minor()));
        w.put("spent", Money.plain(r.spent()));
        w.put("held", Money.plain(r.held()));
        w.put("remaining", rl == null ? null : Money.plain(rl.minor() - r.used()));
        out.putObject("budget")
                .put("limit", Money.plain(agent.budget()))
                .put("spent", Money.plain(agent.spent()))
                .put("held", Money.plain(agent.held()))
                .put("remaining", Money.plain(agent.remaining()));
        return out;
    }

    /**
     * An agent's spent + held in one window, as the decisions count it: the calendar day, week,
     * month, year (account timezone), the rolling 24 hours, or (null kind) the lifetime budget.
     * One batch read.
     */
    public Figures current(Agent agent, Account account, Character kind, Instant now) {
        if (kind == null) return new Figures(agent.spent(), agent.held());
        Windows windows = Windows.of(now, account.zone());
        Map<String, Map<String, AttributeValue>> bySk = counters(agent, account.currency(), windows, now);
        if (kind == Windows.HOUR) return rolling(bySk, account.currency(), now);
        var item = bySk.getOrDefault(Keys.windowSk(account.currency(), kind, windows.period(kind)), Map.of());
        return new Figures(num(item, "spent"), num(item, "held"));
    }

    private static Figures rolling(Map<String, Map<String, AttributeValue>> bySk, String currency, Instant now) {
        long spent = 0, held = 0;
        for (String bucket : Windows.rollingBuckets(now)) {
            var item = bySk.getOrDefault(Keys.windowSk(currency, Windows.HOUR, bucket), Map.of());
            spent += num(item, "spent");
            held += num(item, "held");
        }
        return new Figures(spent, held);
    }

    private static Instant bucketStart(String bucket) {
        return java.time.LocalDateTime.parse(bucket + "0000", java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss"))
                .toInstant(java.time.ZoneOffset.UTC);
    }

    /** The window counters in one batch read (absent items mean nothing counted yet). */
    private Map<String, Map<String, AttributeValue>> counters(Agent agent, String currency, Windows windows, Instant now) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (char kind : KINDS) keys.add(Attr.key(Keys.agent(agent.id()), Keys.windowSk(currency, kind, windows.period(kind))));
        for (String bucket : Windows.rollingBuckets(now)) keys.add(Attr.key(Keys.agent(agent.id()), Keys.windowSk(currency, Windows.HOUR, bucket)));
        Map<String, Map<String, AttributeValue>> out = new HashMap<>();
        BatchGet.items(dynamo, table, keys, true).forEach(i -> out.put(i.get("sk").s(), i));
        return out;
    }
}
