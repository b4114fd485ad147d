package dev.purser.owner;

import dev.purser.store.KeyCursor;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The owner API's page cursors ({@link KeyCursor}): one from another account or list is a 422. */
public final class Cursors {
    private Cursors() {}

    public static String encode(Map<String, AttributeValue> lastKey) {
        return KeyCursor.encode(lastKey);
    }

    /**
     * @param partitionAttr the index partition attribute the cursor must carry
     * @param partition     its required value
     * @return the start key, or null when {@code cursor} is null
     */
    public static Map<String, AttributeValue> decode(String cursor, String partitionAttr, String partition) {
        try {
            return KeyCursor.decode(cursor, partitionAttr, partition, 4);
        } catch (RuntimeException e) {
            throw OwnerErrors.invalid("cursor", "is not a valid cursor for this list");
        }
    }
}
