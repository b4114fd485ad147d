package dev.purser.ledger.store;

import dev.purser.store.KeyCursor;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Cursors of the money lists ({@link KeyCursor}): another wallet's or account's cursor is refused
 * ({@link Invalid}, a 422 at the edge), never a leak.
 * Stores take and return cursors as strings, so no layer above them sees a DynamoDB key.
 */
public final class PageCursor {
    private PageCursor() {}

    /** Not a cursor of this list. */
    public static final class Invalid extends RuntimeException {
        public Invalid() {
            super("not a valid cursor for this list", null, false, false);
        }
    }

    public static String encode(Map<String, AttributeValue> lastKey) {
        return KeyCursor.encode(lastKey);
    }

    public static Map<String, AttributeValue> decode(String cursor, String partitionAttr, String partition) {
        try {
            return KeyCursor.decode(cursor, partitionAttr, partition, 2, 4);
        } catch (RuntimeException e) {
            throw new Invalid();
        }
    }
}
