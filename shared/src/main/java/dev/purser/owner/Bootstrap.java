package dev.purser.owner;

import static dev.purser.store.Attr.s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.accounts.Account;
import dev.purser.accounts.AccountStore;
import dev.purser.config.Purser;
import dev.purser.http.ApiError;
import dev.purser.json.Json;
import dev.purser.operator.OperatorKeys;
import dev.purser.policy.DefaultCategories;
import dev.purser.time.Times;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Creates the first account and its owner key after a deploy, so nobody writes to DynamoDB by
 * hand and the stack ships no default credential. Invoked directly (IAM-protected Lambda
 * invoke, not HTTP). A one-time marker item, written in the same transaction as the account,
 * makes a second run refuse unless it asks for {@code "new_account": true} (then it creates
 * another account: what a platform hosting several teams needs).
 *
 * <p>The account starts with the 16 default categories and their aliases (spec §2.9).
 */
public final class Bootstrap {
    static final String MARKER_PK = "CONFIG#BOOTSTRAP";
    static final String MARKER_SK = "CONFIG";

    /** A second bootstrap without {@code new_account}. */
    public static final class Refused extends RuntimeException {
        Refused(String message) { super(message); }
    }

    private final Purser purser;
    private final AccountStore accounts;

    public Bootstrap(Purser purser) {
        this.purser = purser;
        this.accounts = new AccountStore(purser.dynamo(), purser.table());
    }

    /**
     * @param input {@code account_name}, {@code currency}, {@code timezone}, {@code new_account}; all optional
     * @return {@code account_id}, {@code owner_key} (shown once), {@code owner_key_id}, the settings
     * @throws IllegalArgumentException for bad input
     * @throws Refused when the first account exists and {@code new_account} is not true
     */
    public ObjectNode run(Map<String, Object> input) {
        JsonNode in = Json.MAPPER.valueToTree(input == null ? Map.of() : input);
        if (!in.isObject()) throw new IllegalArgumentException("input must be a JSON object");
        ObjectNode body = (ObjectNode) in;
        String name;
        String currency;
        String timezone;
        Boolean newAccount;
        Boolean newOperatorKey;
        try {
            OwnerBody.onlyKnown(body, Set.of("account_name", "currency", "timezone", "new_account", "new_operator_key"));
            name = OwnerBody.text(body, "account_name", AccountApi.NAME_MAX);
            currency = AccountApi.currency(body.get("currency"));
            timezone = AccountApi.timezone(body.get("timezone"));
            newAccount = OwnerBody.bool(body, "new_account");
            newOperatorKey = OwnerBody.bool(body, "new_operator_key");
        } catch (ApiError e) {
            throw new IllegalArgumentException(e.body().path("detail").asText(), e);
        }
        var now = purser.now();
        var operatorKeys = new OperatorKeys(purser.dynamo(), purser.table());
        if (Boolean.TRUE.equals(newOperatorKey)) {
            // Another operator key only (rotation, or a deployment bootstrapped before operator keys).
            if (Boolean.TRUE.equals(newAccount) || name != null || currency != null || timezone != null) {
                throw new IllegalArgumentException("new_operator_key creates only an operator key: send it alone");
            }
            OperatorKeys.NewKey key = operatorKeys.create("bootstrap", now);
            return operatorKeyView(Json.object(), key);
        }
        List<TransactWriteItem> marker = List.of();
        OperatorKeys.NewKey operatorKey = null;
        if (!Boolean.TRUE.equals(newAccount)) {
            // The first bootstrap also creates the deployment's first operator key, in the same
            // transaction as the marker, so it exists exactly once and is shown exactly once.
            operatorKey = operatorKeys.newKey("bootstrap", now);
            marker = List.of(TransactWriteItem.builder().put(Put.builder().tableName(purser.table())
                    .item(Map.of("pk", s(MARKER_PK), "sk", s(MARKER_SK), "created_at", s(Times.stored(now))))
                    .conditionExpression("attribute_not_exists(pk)").build()).build(),
                    TransactWriteItem.builder().put(operatorKey.put()).build());
        }
        AccountStore.Created created;
        try {
            created = accounts.create(name == null ? "Purser" : name, currency == null ? Account.DEFAULT_CURRENCY : currency,
                    timezone == null ? Account.DEFAULT_TIMEZONE : timezone, DefaultCategories.NAMES, now, marker);
        } catch (TransactionCanceledException e) {
            boolean markerTaken = !marker.isEmpty() && e.hasCancellationReasons()
                    && "ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code());
            if (!markerTaken) throw e;
            throw new Refused("Purser is already bootstrapped: the first account exists. Invoke with "
                    + "{\"new_account\": true} to create another account, or create owner keys with an existing key.");
        }
        Account account = accounts.update(created.account().id(),
                a -> a.withCategories(a.categories(), DefaultCategories.ALIASES), now);
        ObjectNode out = AccountApi.view(account);
        out.put("owner_key", created.ownerKey());
        out.put("owner_key_id", created.ownerKeyId());
        out.put("note", "The owner key is shown only now. Use it as 'Authorization: Bearer <owner_key>' on /v1.");
        if (operatorKey != null) operatorKeyView(out, operatorKey);
        return out;
    }

    private static ObjectNode operatorKeyView(ObjectNode out, OperatorKeys.NewKey key) {
        out.put("operator_key", key.secret());
        out.put("operator_key_id", key.keyId());
        out.put("operator_note", "The operator key is deployment-wide (not an account's) and shown only now. "
                + "Use it as 'Authorization: Bearer <operator_key>' on /v1/operator.");
        return out;
    }
}
