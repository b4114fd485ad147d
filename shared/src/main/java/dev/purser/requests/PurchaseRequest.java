package dev.purser.requests;

import static dev.purser.store.Attr.numOrNull;
import static dev.purser.store.Attr.str;

import dev.purser.budget.Hold;
import dev.purser.store.Attr;
import dev.purser.time.Times;
import dev.purser.time.Windows;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A purchase request and everything needed to undo or convert its hold exactly: the windows it
 * was counted in at creation ({@link #windows}), the temporal rules whose counters it raised
 * ({@link #ruleIds}) and the currency of those counters. Adjustments always go to these, never
 * to "the current window" (Purser's decision, spec preamble).
 *
 * @param policyCheckJson the {@code policy_check} object as answered at creation
 * @param leaseId the budget lease that funds it (a leased child's request: its hold and spend are
 *                the lease's, its account-level counters left out), else null
 */
public record PurchaseRequest(
        String id,
        String agentId,
        String accountId,
        RequestStatus status,
        long amount,
        String currency,
        String category,
        String originalCategory,
        String merchantName,
        String description,
        String agentComment,
        String policyCheckJson,
        Instant createdAt,
        Instant reviewedAt,
        Instant expiresAt,
        Instant completedAt,
        Long actualAmount,
        String receiptUrl,
        String reviewReason,
        Windows windows,
        List<String> ruleIds,
        String leaseId) {

    public PurchaseRequest {
        ruleIds = List.copyOf(ruleIds);
    }

    /** A request not funded by a budget lease. */
    public PurchaseRequest(String id, String agentId, String accountId, RequestStatus status, long amount, String currency,
                           String category, String originalCategory, String merchantName, String description,
                           String agentComment, String policyCheckJson, Instant createdAt, Instant reviewedAt,
                           Instant expiresAt, Instant completedAt, Long actualAmount, String receiptUrl, String reviewReason,
                           Windows windows, List<String> ruleIds) {
        this(id, agentId, accountId, status, amount, currency, category, originalCategory, merchantName, description,
                agentComment, policyCheckJson, createdAt, reviewedAt, expiresAt, completedAt, actualAmount, receiptUrl,
                reviewReason, windows, ruleIds, null);
    }

    /** What the request currently counts against its windows and budget (0 once released). */
    public long countedAmount() {
        if (!status.counts()) return 0;
        return status == RequestStatus.COMPLETED && actualAmount != null ? actualAmount : amount;
    }

    public boolean pendingPastExpiry(Instant now) {
        return status == RequestStatus.PENDING && expiresAt != null && expiresAt.isBefore(now);
    }

    public static PurchaseRequest fromItem(Map<String, AttributeValue> item) {
        return new PurchaseRequest(
                str(item, "request_id"),
                str(item, "agent_id"),
                str(item, "account_id"),
                RequestStatus.fromWire(str(item, "status")),
                Attr.num(item, "amount"),
                str(item, "currency"),
                str(item, "category"),
                str(item, "original_category"),
                str(item, "merchant_name"),
                str(item, "description"),
                str(item, "agent_comment"),
                str(item, "policy_check"),
                Times.parse(str(item, "created_at")),
                Times.parse(str(item, "reviewed_at")),
                Times.parse(str(item, "expires_at")),
                Times.parse(str(item, "completed_at")),
                numOrNull(item, "actual_amount"),
                str(item, "receipt_url"),
                str(item, "review_reason"),
                Hold.windows(item),
                Hold.ruleIds(item),
                str(item, "lease_id"));
    }

    /** Where this request's budget counts (its creation windows, rules and funding lease). */
    public Hold hold() {
        return new Hold(agentId, accountId, currency, windows, ruleIds, leaseId);
    }
}
