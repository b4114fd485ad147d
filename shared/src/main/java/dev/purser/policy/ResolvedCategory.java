package dev.purser.policy;

/**
 * The outcome of category resolution (§2.9).
 *
 * @param category the canonical category the policy checks run against
 * @param originalCategory the raw input as sent, or null when it matched a category exactly
 *                         after normalization
 * @param unresolved true when nothing matched and {@code other} was used
 *                   ({@code category_status = "unresolved"}; the owner is notified)
 */
public record ResolvedCategory(String category, String originalCategory, boolean unresolved) {}
