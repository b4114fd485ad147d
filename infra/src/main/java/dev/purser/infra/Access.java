package dev.purser.infra;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What one function may do, beyond writing its own logs. {@link AccessPolicy} turns it into IAM
 * statements on named resources; {@link AccessTable} holds one per function.
 *
 * @param tableActions           item actions on the table
 * @param queriesIndexes         whether {@code dynamodb:Query} also applies to the table's indexes
 * @param readsStream            reads the table's stream (the outbox relay's event source)
 * @param publishesEvents        {@code events:PutEvents} on the Purser bus
 * @param webhookQueueActions    actions on the webhook queue
 *
 * <p>There is no grant for the action-link signing key: it is an item of the table
 * ({@code CONFIG#LINK_SIGNING_KEY}, see {@code dev.purser.owner.LinkSigningKey}), covered by the
 * table grants of the functions that sign links.
 */
public record Access(
        Set<DynamoDbAction> tableActions,
        boolean queriesIndexes,
        boolean readsStream,
        boolean publishesEvents,
        Set<SqsAction> webhookQueueActions) {

    public Access {
        // Enum order, not Set.copyOf's per-JVM order: the synthesized policies must not churn.
        tableActions = ordered(DynamoDbAction.class, tableActions);
        webhookQueueActions = ordered(SqsAction.class, webhookQueueActions);
        if (queriesIndexes && !tableActions.contains(DynamoDbAction.QUERY)) {
            throw new IllegalArgumentException("queriesIndexes needs dynamodb:Query");
        }
    }

    private static <E extends Enum<E>> Set<E> ordered(Class<E> type, Set<E> actions) {
        EnumSet<E> copy = EnumSet.noneOf(type);
        copy.addAll(actions);
        return Collections.unmodifiableSet(copy);
    }

    /** No grants at all (logs are granted to every function separately). */
    public static Access none() {
        return new Access(Set.of(), false, false, false, Set.of());
    }

    /** Item actions on the table; Query reaches the indexes too. */
    public static Access table(DynamoDbAction... actions) {
        Set<DynamoDbAction> set = actions.length == 0 ? Set.of() : EnumSet.of(actions[0], actions);
        return new Access(set, set.contains(DynamoDbAction.QUERY), false, false, Set.of());
    }

    public Access withStreamRead() {
        return new Access(tableActions, queriesIndexes, true, publishesEvents, webhookQueueActions);
    }

    public Access withPutEvents() {
        return new Access(tableActions, queriesIndexes, readsStream, true, webhookQueueActions);
    }

    public Access withWebhookQueue(SqsAction... actions) {
        return new Access(tableActions, queriesIndexes, readsStream, publishesEvents,
                EnumSet.of(actions[0], actions));
    }
}
