package dev.purser.x402tokens;

import static dev.purser.store.Attr.s;
import static dev.purser.store.Attr.str;

import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The SLA scan and token expiry (scheduled every minute): reads only the due tokens from the
 * sparse {@code due} index (partition {@code DUE#X402TOKEN}: a token carries it until it is final,
 * due at its expiry while unstarted and at its SLA deadline while its call runs), so its cost
 * follows the number of due tokens, not the table. Each token ends by one conditional commit
 * ({@link PaymentTokens#sweep}), so a completion or cancel racing the scan, or two scans, end the
 * token exactly once.
 */
public final class TokenScan {
    static final int PAGE = 100;

    private final DynamoDbClient dynamo;
    private final String table;
    private final PaymentTokens tokens;

    public TokenScan(DynamoDbClient dynamo, String table, PaymentTokens tokens) {
        this.dynamo = dynamo;
        this.table = table;
        this.tokens = tokens;
    }

    /** What one run did. */
    public record Result(int examined, int expired, int breached) {}

    public Result run(Instant now, int max) {
        int examined = 0, expired = 0, breached = 0;
        Map<String, AttributeValue> start = null;
        while (examined < max) {
            int limit = Math.min(PAGE, max - examined);
            Map<String, AttributeValue> from = start;
            var page = dynamo.query(b -> {
                b.tableName(table).indexName(TableDefinition.DUE)
                        .keyConditionExpression("#p = :p AND #d <= :now")
                        .expressionAttributeNames(Map.of("#p", TableDefinition.DUE_PK, "#d", TableDefinition.DUE_AT))
                        .expressionAttributeValues(Map.of(":p", s(TokenItems.DUE_PARTITION), ":now", s(Times.stored(now) + "#~")))
                        .limit(limit);
                if (from != null) b.exclusiveStartKey(from);
            });
            List<Map<String, AttributeValue>> due = page.items();
            for (Map<String, AttributeValue> item : due) {
                examined++;
                switch (tokens.sweep(str(item, "token_id"), now)) {
                    case EXPIRED -> expired++;
                    case BREACHED -> breached++;
                    case NOTHING -> { }
                }
            }
            // Ended tokens leave the index; the ones left (raced, not yet final) are skipped by paging on.
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            if (start == null || due.isEmpty()) break;
        }
        return new Result(examined, expired, breached);
    }
}
