package dev.purser.wallets;

import static dev.purser.store.Attr.num;
import static dev.purser.store.Attr.str;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;
import dev.purser.money.Money;
import dev.purser.time.Times;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The JSON shapes of wallets, balances and ledger lines, built in one place. */
public final class WalletViews {
    private WalletViews() {}

    public static ObjectNode wallet(Wallet w) {
        ObjectNode o = Json.object();
        o.put("id", w.id());
        o.put("wallet_id", w.id());
        o.put("agent_id", w.agentId());
        o.put("currency", w.currency());
        o.put("name", w.name());
        o.put("is_default", w.isDefault());
        o.set("balance", balance(w));
        o.put("created_at", Times.wire(w.createdAt()));
        return o;
    }

    /** {@code {balance, pending, available, currency}}: posted net, reserved debits, and what can be spent. */
    public static ObjectNode balance(Wallet w) {
        ObjectNode o = Json.object();
        o.put("wallet_id", w.id());
        o.put("balance", Money.plain(w.balances().balance()));
        o.put("pending", Money.plain(w.balances().debitsPending()));
        o.put("available", Money.plain(w.balances().available()));
        o.put("incoming_pending", Money.plain(w.balances().creditsPending()));
        o.put("currency", w.currency());
        return o;
    }

    /** The answer of a sandbox funding: the new balance and what was funded. */
    public static ObjectNode funded(Wallet w, String transferId, long amount) {
        ObjectNode o = balance(w);
        o.put("funded", Money.plain(amount));
        o.put("source", "test_faucet");
        o.put("transfer_id", transferId);
        return o;
    }

    public static ObjectNode line(Map<String, AttributeValue> item) {
        ObjectNode o = Json.object();
        o.put("transfer_id", str(item, "transfer_id"));
        o.put("kind", str(item, "kind"));
        o.put("direction", str(item, "direction"));
        o.put("phase", str(item, "phase"));
        o.put("amount", Money.plain(num(item, "amount")));
        o.put("currency", str(item, "currency"));
        o.put("counterparty", str(item, "counterparty"));
        o.put("reference", str(item, "reference"));
        o.put("description", str(item, "description"));
        o.put("created_at", Times.wire(Times.parse(str(item, "created_at"))));
        return o;
    }
}
