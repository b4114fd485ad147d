package dev.purser.infra;

import static dev.purser.infra.DynamoDbAction.*;
import static dev.purser.infra.SqsAction.*;

import dev.purser.http.LambdaFunction;

/**
 * Least privilege, one line per function. The switch has no default branch, so a new
 * {@link LambdaFunction} constant does not compile until someone decides what it may do.
 * Tighten a function here (and only here) once its handler's data access is known.
 */
public final class AccessTable {

    private AccessTable() {}

    /** Reads and writes items, including transactions (each item is checked by its own action). */
    private static Access readWrite() {
        return Access.table(GET_ITEM, BATCH_GET_ITEM, QUERY, PUT_ITEM, UPDATE_ITEM, DELETE_ITEM, CONDITION_CHECK_ITEM);
    }

    /** Agent-facing reads: no deletes; writes only for rate counters and lazy expiry. */
    private static Access readsWithCounters() {
        return Access.table(GET_ITEM, BATCH_GET_ITEM, QUERY, PUT_ITEM, UPDATE_ITEM, CONDITION_CHECK_ITEM);
    }

    public static Access of(LambdaFunction function) {
        return switch (function) {
            // CREATE_REQUEST and REQUEST_REVIEW sign/verify action links with a key kept in the table.
            case CREATE_REQUEST, CONFIRM_REQUEST, EXPIRY_SWEEP, OWNER_ACCOUNT, OWNER_AGENTS, REQUEST_REVIEW, BOOTSTRAP ->
                    readWrite();
            case CHECK_REQUEST, REQUEST_READS -> readsWithCounters();
            // Reservations commit holds (Put/Update/ConditionCheck in transactions) and the price
            // table is one PutItem; nothing is ever deleted.
            // Mandates and execution tokens: puts and reads (Query: the account's list on gsi1 and a
            // mandate with its running total); the signing key item is created once.
            case MANDATES -> Access.table(GET_ITEM, BATCH_GET_ITEM, QUERY, PUT_ITEM, UPDATE_ITEM);
            // Releasing a budget lease deletes its pointer item in the release transaction
            // (LeaseFunding): found by the recorded-calls check (docs/deploy.md), not granted before.
            case SPEND_GUARD -> Access.table(GET_ITEM, BATCH_GET_ITEM, QUERY, PUT_ITEM, UPDATE_ITEM, DELETE_ITEM,
                    CONDITION_CHECK_ITEM);
            // Operator key lookup, the account flag (a conditional update), throttle counters; the
            // service flag and dispute transitions (transactions of updates and puts: the refund's
            // ledger items, events); the dispute queue is a Query of the due index. No deletes:
            // the open-dispute lock is released by an update.
            case OPERATOR -> Access.table(GET_ITEM, QUERY, PUT_ITEM, UPDATE_ITEM);
            // Disputes: open (dispute, lock, counters, events: one transaction), evidence,
            // withdraw; the lists are Queries of gsi1/gsi2. Nothing is ever deleted.
            case DISPUTES -> Access.table(GET_ITEM, BATCH_GET_ITEM, QUERY, PUT_ITEM, UPDATE_ITEM);
            // The x402 router: transactions of puts/updates (authorize, report), wallet puts and
            // queries; it never deletes.
            case X402 -> readsWithCounters();
            // The marketplace registry: a registration transaction (puts), reads and the catalogue
            // query; UpdateItem: the debounced trust score (at most once a minute per service).
            case SERVICES -> Access.table(GET_ITEM, BATCH_GET_ITEM, QUERY, PUT_ITEM, UPDATE_ITEM, CONDITION_CHECK_ITEM);
            // Payment tokens: a payment transaction (puts, conditional updates, counters), reads
            // (batch for the decision), the signing key (created once); never deletes.
            case X402_TOKENS -> Access.table(GET_ITEM, BATCH_GET_ITEM, QUERY, PUT_ITEM, UPDATE_ITEM, CONDITION_CHECK_ITEM);
            // The SLA scan: due tokens (Query on the due index), then one transaction each.
            case X402_TOKEN_SCAN -> Access.table(GET_ITEM, QUERY, PUT_ITEM, UPDATE_ITEM);
            // Test events go through the outbox like every event: no queue access needed.
            case OWNER_WEBHOOKS -> readWrite();
            // Reads the outbox from the stream and publishes it. GetItem/PutItem: the action-link
            // signing key item (read, or created once), so request.pending events carry links.
            case OUTBOX_RELAY -> Access.table(GET_ITEM, PUT_ITEM, UPDATE_ITEM).withStreamRead().withPutEvents();
            // Receive/delete/attributes serve the event source mapping, which polls with this role;
            // ChangeMessageVisibility is the retry backoff.
            case WEBHOOK_DISPATCH -> readWrite().withWebhookQueue(
                    RECEIVE_MESSAGE, DELETE_MESSAGE, GET_QUEUE_ATTRIBUTES, CHANGE_MESSAGE_VISIBILITY);
            // Money movements are transactions of puts (transfers, lines, records, events) and
            // conditional updates (balances, counters, states); nothing is ever deleted. A payment
            // under an execution token asserts its mandate's version with a ConditionCheck.
            case WALLETS -> Access.table(GET_ITEM, BATCH_GET_ITEM, QUERY, PUT_ITEM, UPDATE_ITEM);
            // Payouts are decided like payments (guards as condition checks) and owners remove
            // approved payout destinations (DeleteItem); both found by RecordedCallsTemplateTest.
            case PAYOUTS -> Access.table(GET_ITEM, BATCH_GET_ITEM, QUERY, PUT_ITEM, UPDATE_ITEM, CONDITION_CHECK_ITEM, DELETE_ITEM);
            case PAYMENTS -> Access.table(GET_ITEM, BATCH_GET_ITEM, QUERY, PUT_ITEM, UPDATE_ITEM, CONDITION_CHECK_ITEM);
            // Reads the due settlements (Query on the due index) and moves each one step.
            case SETTLEMENT -> Access.table(GET_ITEM, QUERY, PUT_ITEM, UPDATE_ITEM);
            // The MCP server runs the agent tools in-process: what the agent-facing functions it
            // calls may do (requests, confirm, x402, services, wallets, payments, SpendGuard).
            case MCP -> Access.table(GET_ITEM, BATCH_GET_ITEM, QUERY, PUT_ITEM, UPDATE_ITEM, CONDITION_CHECK_ITEM);
            // Static JSON (404/405 in the API's error shape, /health; the OpenAPI document; the
            // tool schemas): touches nothing.
            case FALLBACK, DISCOVERY, AI_TOOLS -> Access.none();
        };
    }
}
