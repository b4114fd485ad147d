package dev.purser.spendguard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;
import dev.purser.money.Money;
import java.util.Map;
import java.util.TreeMap;

/**
 * An account's prices for estimates, in minor units of the account currency: LLM models per
 * million input and output tokens, tools per call. Owner-managed
 * ({@code PUT /v1/spend-guard/price-table}); until the owner sets one, {@link #EXAMPLE} applies.
 * The example figures are illustrations of the shape, NOT anyone's current list prices.
 */
public record PriceTable(Map<String, ModelPrice> models, Map<String, Long> tools) {
    /** Minor units per million tokens. */
    public record ModelPrice(long inputPerMillion, long outputPerMillion) {}

    public static final long MAX_PRICE = 100_000_000L;
    public static final long MAX_TOKENS = 1_000_000_000L;

    public static final PriceTable EXAMPLE = new PriceTable(
            Map.of("example-small", new ModelPrice(15, 60), "example-large", new ModelPrice(300, 1500)),
            Map.of("example-search", 1L, "example-browser", 5L));

    public PriceTable {
        models = Map.copyOf(models);
        tools = Map.copyOf(tools);
    }

    /**
     * The cost of one LLM call, rounded UP to the next minor unit (an estimate that guards a
     * budget must never be below the truth). Exact integer arithmetic.
     */
    public static long tokenCost(ModelPrice p, long inputTokens, long outputTokens) {
        long micro = Math.addExact(Math.multiplyExact(inputTokens, p.inputPerMillion()),
                Math.multiplyExact(outputTokens, p.outputPerMillion()));
        return Math.floorDiv(micro + 999_999, 1_000_000);
    }

    public ObjectNode view(String currency) {
        ObjectNode o = Json.object();
        o.put("currency", currency);
        ObjectNode m = o.putObject("models");
        new TreeMap<>(models).forEach((name, p) -> m.putObject(name)
                .put("input_per_million", Money.plain(p.inputPerMillion()))
                .put("output_per_million", Money.plain(p.outputPerMillion())));
        ObjectNode t = o.putObject("tools");
        new TreeMap<>(tools).forEach((name, price) -> t.putObject(name).put("per_call", Money.plain(price)));
        return o;
    }

    /** The stored form: minor units as integers. */
    public String toJson() {
        ObjectNode o = Json.object();
        ObjectNode m = o.putObject("models");
        models.forEach((name, p) -> m.putObject(name).put("in", p.inputPerMillion()).put("out", p.outputPerMillion()));
        ObjectNode t = o.putObject("tools");
        tools.forEach(t::put);
        return Json.write(o);
    }

    public static PriceTable fromJson(String text) {
        JsonNode n = Json.parseTrusted(text);
        Map<String, ModelPrice> models = new TreeMap<>();
        n.path("models").fields().forEachRemaining(e ->
                models.put(e.getKey(), new ModelPrice(e.getValue().path("in").asLong(), e.getValue().path("out").asLong())));
        Map<String, Long> tools = new TreeMap<>();
        n.path("tools").fields().forEachRemaining(e -> tools.put(e.getKey(), e.getValue().asLong()));
        return new PriceTable(models, tools);
    }
}
