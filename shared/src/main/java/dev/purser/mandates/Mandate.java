package dev.purser.mandates;

import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.num;
import static dev.purser.store.Attr.s;
import static dev.purser.store.Attr.str;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A stored mandate: its terms, version, and the signature over the canonical JSON of
 * {@link #document()} (identity + version + terms), so a payment can later show exactly which
 * mandate text allowed it.
 */
public record Mandate(String id, String accountId, long version, MandateStatus status, MandateTerms terms,
                      String signature, Instant createdAt, Instant updatedAt) {
    public static final String ID_PREFIX = "mdt_";
    static final String SK = "MANDATE";

    public static String pk(String id) { return "MANDATE#" + id; }

    /** The account's mandate list on gsi1. */
    public static String listPk(String accountId) { return "ACCOUNT#" + accountId + "#MANDATES"; }

    /** What is signed: everything that defines the authority, nothing that changes with use. */
    public ObjectNode document() {
        ObjectNode o = terms.view();
        o.put("mandate_id", id);
        o.put("account_id", accountId);
        o.put("version", version);
        o.put("status", status.wire());
        return o;
    }

    public String canonical() {
        return CanonicalJson.of(document());
    }

    public ObjectNode view() {
        ObjectNode o = document();
        o.put("created_at", Times.wire(createdAt));
        o.put("updated_at", Times.wire(updatedAt));
        ObjectNode sig = o.putObject("signature");
        sig.put("alg", MandateSigner.ALG);
        sig.put("value", signature);
        sig.put("canonical", canonical());
        return o;
    }

    public Map<String, AttributeValue> toItem() {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableDefinition.PK, s(pk(id)));
        item.put(TableDefinition.SK, s(SK));
        item.put("mandate_id", s(id));
        item.put("account_id", s(accountId));
        item.put("agent_id", s(terms.agentId()));
        item.put("version", n(version));
        item.put("status", s(status.wire()));
        item.put("terms", s(terms.toStored()));
        item.put("signature", s(signature));
        item.put("created_at", s(Times.stored(createdAt)));
        item.put("updated_at", s(Times.stored(updatedAt)));
        // gsi1: the account's mandates, newest first (GET /v1/mandates).
        item.put(TableDefinition.GSI1_PK, s(listPk(accountId)));
        item.put(TableDefinition.GSI1_SK, s(Times.stored(createdAt) + "#" + id));
        return item;
    }

    public static Mandate fromItem(Map<String, AttributeValue> item) {
        return new Mandate(str(item, "mandate_id"), str(item, "account_id"), num(item, "version"), MandateStatus.fromWire(str(item, "status")),
                MandateTerms.fromStored(str(item, "terms")), str(item, "signature"),
                Times.parse(str(item, "created_at")), Times.parse(str(item, "updated_at")));
    }

    static ObjectNode empty() {
        return Json.object();
    }
}
