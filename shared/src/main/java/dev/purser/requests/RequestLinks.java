package dev.purser.requests;

import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Things a request stands for beyond itself. A payment that needs a human is reviewed as a request
 * with the payment's id; approving, rejecting or expiring that request must move the payment's
 * money in the SAME transaction (post or void its pending transfers). The lifecycle asks its links
 * for those extra items; the payments package implements this.
 */
public interface RequestLinks {
    /** Whether {@code r} stands for something else (its agent cannot confirm it like a purchase). */
    boolean linked(PurchaseRequest r);

    /**
     * The items to commit with the transition of {@code before} to {@code to} (approved, rejected
     * or expired); each is conditional, so the whole transition happens once or not at all.
     */
    List<TransactWriteItem> onTransition(PurchaseRequest before, RequestStatus to, Instant now);

    /** The first of {@code links} that a request is linked to answers for it (payments, payouts). */
    static RequestLinks any(RequestLinks... links) {
        return new RequestLinks() {
            @Override
            public boolean linked(PurchaseRequest r) {
                for (RequestLinks l : links) if (l.linked(r)) return true;
                return false;
            }

            @Override
            public List<TransactWriteItem> onTransition(PurchaseRequest before, RequestStatus to, Instant now) {
                for (RequestLinks l : links) if (l.linked(before)) return l.onTransition(before, to, now);
                return List.of();
            }
        };
    }

    RequestLinks NONE = new RequestLinks() {
        @Override
        public boolean linked(PurchaseRequest r) { return false; }

        @Override
        public List<TransactWriteItem> onTransition(PurchaseRequest before, RequestStatus to, Instant now) { return List.of(); }
    };
}
