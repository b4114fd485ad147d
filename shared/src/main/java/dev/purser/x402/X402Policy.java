package dev.purser.x402;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.policy.Decimals;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code x402} block of an agent policy (spec §2.1), read leniently at decision time (the
 * owner API validates it strictly before storing, in {@code PolicyValidator}).
 *
 * @param allowedChains never empty: {@link Chains#DEFAULT_ALLOWED} when the policy names none
 * @param maxPerRequestMinor null: no limit (absent, or 0 by upstream's truthiness)
 * @param maxPerRequestText as written, for {@code GET /x402/budget}; null when absent
 */
public record X402Policy(List<String> allowedChains, List<String> allowedDomains, List<String> blockedDomains,
                         Long maxPerRequestMinor, String maxPerRequestText) {

    public X402Policy {
        allowedChains = List.copyOf(allowedChains);
        allowedDomains = List.copyOf(allowedDomains);
        blockedDomains = List.copyOf(blockedDomains);
    }

    /** Reads {@code policy.x402}; never throws. */
    public static X402Policy of(JsonNode policy) {
        JsonNode x = policy == null ? null : policy.get("x402");
        if (x == null || !x.isObject()) return new X402Policy(Chains.DEFAULT_ALLOWED, List.of(), List.of(), null, null);
        List<String> chains = strings(x.get("allowed_chains"));
        JsonNode max = x.get("max_per_request");
        Long maxMinor = null;
        String maxText = null;
        if (max != null && !max.isNull()) {
            BigDecimal d = Decimals.parse(max);
            // Unreadable fails closed as 0.01 (the smallest amount passes nothing bigger).
            maxText = d == null ? max.asText() : d.toPlainString();
            if (d == null) maxMinor = 1L;
            else if (d.signum() != 0) maxMinor = d.movePointRight(2).setScale(0, java.math.RoundingMode.FLOOR).longValue();
        }
        return new X402Policy(chains.isEmpty() ? Chains.DEFAULT_ALLOWED : chains,
                strings(x.get("allowed_domains")), strings(x.get("blocked_domains")), maxMinor, maxText);
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n == null || !n.isArray()) return out;
        for (JsonNode e : n) if (e.isTextual() && !e.textValue().isBlank()) out.add(e.textValue().strip());
        return out;
    }
}
