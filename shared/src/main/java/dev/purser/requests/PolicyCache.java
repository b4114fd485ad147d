package dev.purser.requests;

import dev.purser.json.Json;
import dev.purser.policy.Policy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed policies by their stored JSON text. A policy is immutable text on the agent item, so the
 * text is a perfect cache key: an owner's change produces new text and is used on the very next
 * request.
 */
final class PolicyCache {
    private static final int MAX = 10_000;
    private final Map<String, Policy> byText = new ConcurrentHashMap<>();

    Policy get(String policyJson) {
        if (policyJson == null) return Policy.parse(null);
        Policy p = byText.get(policyJson);
        if (p == null) {
            p = Policy.parse(Json.parseTrusted(policyJson));
            if (byText.size() >= MAX) byText.clear();
            byText.put(policyJson, p);
        }
        return p;
    }
}
