package dev.purser.store;

import java.util.List;

/**
 * The single DynamoDB table, defined once: key schema, secondary indexes, TTL attribute and stream
 * setting. The CDK stack, the local runtime and the test harness all build the table from this
 * record, so they cannot drift apart. All key attributes are strings.
 *
 * <p>Access patterns (docs/architecture.md lists them with their keys):
 * <ul>
 *   <li>{@code gsi1}: children of an owner, newest first: an agent's requests, an account's agents,
 *       an agent's tokens, an account's owner keys and webhooks, a webhook's deliveries;</li>
 *   <li>{@code gsi2}: an account's requests across all its agents (owner review), newest first;</li>
 *   <li>{@code due}: sparse; only pending requests (and pending webhook deliveries, in their own
 *       partition) carry {@code due_pk}/{@code due_at}, so the expiry sweep reads exactly the
 *       requests that are due, never the whole table.</li>
 * </ul>
 */
public record TableDefinition(
        String partitionKey,
        String sortKey,
        List<Index> indexes,
        String ttlAttribute,
        StreamView streamView) {

    /** A global secondary index with ALL projection. */
    public record Index(String name, String partitionKey, String sortKey) {}

    /** What the table's stream carries. The outbox relay needs only the new image. */
    public enum StreamView { NEW_IMAGE }

    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String GSI1 = "gsi1";
    public static final String GSI1_PK = "gsi1pk";
    public static final String GSI1_SK = "gsi1sk";
    public static final String GSI2 = "gsi2";
    public static final String GSI2_PK = "gsi2pk";
    public static final String GSI2_SK = "gsi2sk";
    public static final String DUE = "due";
    public static final String DUE_PK = "due_pk";
    public static final String DUE_AT = "due_at";
    public static final String TTL = "ttl";

    public static final TableDefinition PURSER = new TableDefinition(
            PK, SK,
            List.of(new Index(GSI1, GSI1_PK, GSI1_SK),
                    new Index(GSI2, GSI2_PK, GSI2_SK),
                    new Index(DUE, DUE_PK, DUE_AT)),
            TTL,
            StreamView.NEW_IMAGE);

    /** Every attribute used in a key of the table or an index (all type S). */
    public List<String> keyAttributes() {
        var names = new java.util.LinkedHashSet<String>();
        names.add(partitionKey);
        names.add(sortKey);
        for (Index i : indexes) {
            names.add(i.partitionKey());
            names.add(i.sortKey());
        }
        return List.copyOf(names);
    }
}
