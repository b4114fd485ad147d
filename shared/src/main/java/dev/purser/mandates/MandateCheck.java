package dev.purser.mandates;

import dev.purser.money.Money;
import dev.purser.policy.MerchantName;
import dev.purser.policy.MerchantPattern;
import dev.purser.time.Times;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether one use of a mandate fits its terms: a pure function of the mandate, its running total
 * and the use. The running total read here is advice; the commit re-asserts the total cap as a
 * condition on the mandate's total item ({@link Mandates#totalUse}), so racing uses never exceed it.
 */
public final class MandateCheck {
    private MandateCheck() {}

    /**
     * One intended use, in the terms' vocabulary.
     *
     * @param payee    the payee as the policy sees it (merchant: an external label or {@code wallet:<id>})
     * @param payeeField the request field that named the payee ({@code to_external} / {@code to_wallet_id})
     * @param category the account category the use resolved to
     * @param requestedCategory the category as the caller sent it (a mandate may name either), or null
     */
    public record Use(String action, long amount, String currency, String payee, String payeeField, String category,
                      String requestedCategory) {}

    /**
     * A refusal: the request {@code field} at fault, the mandate {@code term} it breaks, and why.
     */
    public record Violation(String field, String term, String reason) {}

    /** The first term the use breaks, in a fixed order (status, window, action, amounts, currency, payee, category). */
    public static Optional<Violation> violation(Mandate m, long usedTotal, Use use, Instant now) {
        MandateTerms t = m.terms();
        if (!m.status().usable()) {
            return Optional.of(new Violation("mandate_id", "status", "mandate " + m.id() + " is " + m.status().wire()));
        }
        if (t.validFrom() != null && now.isBefore(t.validFrom())) {
            return Optional.of(new Violation("mandate_id", "valid_from", "mandate is valid from " + Times.wire(t.validFrom())));
        }
        if (t.validUntil() != null && !now.isBefore(t.validUntil())) {
            return Optional.of(new Violation("mandate_id", "valid_until", "mandate expired at " + Times.wire(t.validUntil())));
        }
        if (!t.actions().contains(use.action())) {
            return Optional.of(new Violation("action", "actions", "the mandate allows " + String.join(", ", t.actions())
                    + ", not " + use.action()));
        }
        if (t.perUseLimit() != null && use.amount() > t.perUseLimit()) {
            return Optional.of(new Violation("amount", "per_use_limit", Money.plain(use.amount()) + " is above the mandate's per-use limit "
                    + Money.plain(t.perUseLimit())));
        }
        if (t.totalLimit() != null && use.amount() > t.totalLimit() - usedTotal) {
            return Optional.of(new Violation("amount", "total_limit", Money.plain(use.amount()) + " exceeds what remains of the mandate's total limit "
                    + Money.plain(t.totalLimit()) + " (used " + Money.plain(usedTotal) + ", remaining "
                    + Money.plain(Math.max(0, t.totalLimit() - usedTotal)) + ")"));
        }
        if (!t.currencies().isEmpty() && !t.currencies().contains(use.currency())) {
            return Optional.of(new Violation("currency", "currencies", use.currency() + " is not one of the mandate's currencies "
                    + String.join(", ", t.currencies())));
        }
        if (!t.payees().isEmpty()) {
            String payee = MerchantPattern.normalize(use.payee());
            boolean ok = payee != null && t.payees().stream().anyMatch(p -> MerchantPattern.of(p).matches(payee));
            if (!ok) {
                return Optional.of(new Violation(use.payeeField(), "payees", "payee " + use.payee()
                        + " matches none of the mandate's payee patterns " + String.join(", ", t.payees())));
            }
        }
        if (!t.categories().isEmpty()) {
            boolean ok = t.categories().stream().anyMatch(x -> same(x, use.category()) || same(x, use.requestedCategory()));
            if (!ok) {
                String shown = use.requestedCategory() != null ? use.requestedCategory() : use.category();
                return Optional.of(new Violation("category", "categories", "category " + shown
                        + " is not one of the mandate's categories " + String.join(", ", t.categories())));
            }
        }
        return Optional.empty();
    }

    private static boolean same(String term, String category) {
        return category != null && normalize(term).equals(normalize(category));
    }

    private static String normalize(String c) {
        return c.strip().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
    }

    /** Above the approval threshold a human must still approve (strictly above: the threshold itself passes). */
    public static boolean needsApproval(Mandate m, long amount) {
        Long threshold = m.terms().approvalThreshold();
        return threshold != null && amount > threshold;
    }

    /**
     * Whether a token's audience names this payee: the same canonical merchant name (docs/policy.md),
     * so a URL names its host ({@code https://shop.example.com/checkout} for {@code shop.example.com}).
     */
    public static boolean audienceNames(String audience, String payee) {
        if (audience == null || payee == null) return false;
        String a = MerchantName.canonical(audience);
        return a != null && a.equals(MerchantName.canonical(payee));
    }
}
