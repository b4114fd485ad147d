package dev.purser.requests;

import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.s;

import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A request's item: its own key, two list indexes, and the sparse expiry index while pending. */
public final class RequestItems {
    private RequestItems() {}

    public static Map<String, AttributeValue> toItem(PurchaseRequest r) {
        Map<String, AttributeValue> item = new HashMap<>();
        String created = Times.stored(r.createdAt());
        item.put(TableDefinition.PK, s(Keys.request(r.id())));
        item.put(TableDefinition.SK, s(Keys.REQUEST_SK));
        item.put(TableDefinition.GSI1_PK, s(Keys.agentRequests(r.agentId())));
        item.put(TableDefinition.GSI1_SK, s(created + "#" + r.id()));
        item.put(TableDefinition.GSI2_PK, s(Keys.accountRequests(r.accountId())));
        item.put(TableDefinition.GSI2_SK, s(created + "#" + r.id()));
        if (r.status() == RequestStatus.PENDING) {
            item.put(TableDefinition.DUE_PK, s(Keys.DUE_PARTITION));
            item.put(TableDefinition.DUE_AT, s(dueAt(r)));
        }
        item.put("request_id", s(r.id()));
        item.put("agent_id", s(r.agentId()));
        item.put("account_id", s(r.accountId()));
        item.put("status", s(r.status().wire()));
        item.put("amount", n(r.amount()));
        item.put("currency", s(r.currency()));
        item.put("category", s(r.category()));
        putIfPresent(item, "original_category", r.originalCategory());
        putIfPresent(item, "merchant_name", r.merchantName());
        putIfPresent(item, "description", r.description());
        putIfPresent(item, "agent_comment", r.agentComment());
        putIfPresent(item, "policy_check", r.policyCheckJson());
        item.put("created_at", s(created));
        if (r.reviewedAt() != null) item.put("reviewed_at", s(Times.stored(r.reviewedAt())));
        if (r.expiresAt() != null) item.put("expires_at", s(Times.stored(r.expiresAt())));
        r.hold().write(item);
        return item;
    }

    /** Sort key of the expiry index: expiry instant first so a range query reads what is due. */
    public static String dueAt(PurchaseRequest r) {
        return Times.stored(r.expiresAt()) + "#" + r.id();
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) item.put(name, s(value));
    }
}
