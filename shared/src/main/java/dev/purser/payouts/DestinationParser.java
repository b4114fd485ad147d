package dev.purser.payouts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.auth.Secrets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * Reads and validates a payout destination (pure). Errors name the field ({@code destination.routing_number});
 * the full bank account number is checked and then dropped (only its last 4 digits are kept).
 */
public final class DestinationParser {
    private DestinationParser() {}

    public static Destination parse(String type, JsonNode d) {
        if (type == null) throw new Destination.Invalid("destination_type", "is required (bank, crypto or stripe)");
        if (d == null || !d.isObject()) throw new Destination.Invalid("destination", "must be an object");
        return switch (type) {
            case "bank" -> bank(d);
            case "crypto" -> crypto(d);
            case "stripe" -> stripe(d);
            default -> throw new Destination.Invalid("destination_type", "must be one of bank, crypto, stripe");
        };
    }

    /**
     * A destination's stable identity, {@code dst_} + 24 hex digits of a SHA-256 over its type and
     * what names it: the full bank account number (read from {@code raw}, validated by
     * {@link #parse}; only this digest keeps it), an address (EVM case-insensitively), a Stripe id.
     * The owner's approved destinations are keyed by it.
     */
    public static String id(Destination d, JsonNode raw) {
        String name = d instanceof Destination.Bank b ? "bank:" + b.routingNumber() + ":" + raw.path("account_number").asText().strip()
                : d.type() + ":" + (d instanceof Destination.Crypto c ? c.network() + ":" : "") + d.payee();
        return "dst_" + Secrets.sha256Hex(name).substring(0, 24);
    }

    private static Destination bank(JsonNode d) {
        only(d, Set.of("routing_number", "account_number", "account_type", "account_holder"));
        String routing = text(d, "routing_number", true);
        if (!Destination.validRouting(routing)) {
            throw new Destination.Invalid("destination.routing_number", "is not a valid ABA routing number (9 digits with a valid checksum)");
        }
        String account = text(d, "account_number", true);
        if (account.length() < 4 || account.length() > 17 || !Destination.DIGITS.matcher(account).matches()) {
            throw new Destination.Invalid("destination.account_number", "must be 4 to 17 digits");
        }
        String type = text(d, "account_type", false);
        if (type == null) type = "checking";
        if (!type.equals("checking") && !type.equals("savings")) {
            throw new Destination.Invalid("destination.account_type", "must be checking or savings");
        }
        String holder = text(d, "account_holder", true);
        if (holder.length() > 200) throw new Destination.Invalid("destination.account_holder", "must be at most 200 characters");
        return new Destination.Bank(routing, Destination.last4(account), type, holder);
    }

    private static Destination crypto(JsonNode d) {
        only(d, Set.of("address", "network"));
        String address = text(d, "address", true);
        String network = text(d, "network", false);
        network = network == null ? (address.startsWith("0x") ? "ethereum" : null) : network.toLowerCase(Locale.ROOT);
        if (network == null || !Destination.NETWORKS.contains(network)) {
            throw new Destination.Invalid("destination.network", "must be one of " + String.join(", ", new java.util.TreeSet<>(Destination.NETWORKS)));
        }
        if (Destination.EVM_NETWORKS.contains(network)) {
            if (!Destination.validEvm(address)) {
                throw new Destination.Invalid("destination.address",
                        "is not a valid EVM address (0x + 40 hex digits; mixed case must be a correct EIP-55 checksum)");
            }
        } else if (!Destination.validSolana(address)) {
            throw new Destination.Invalid("destination.address", "is not a valid Solana address (base58 of 32 bytes)");
        }
        return new Destination.Crypto(network, address);
    }

    private static Destination stripe(JsonNode d) {
        only(d, Set.of("account_id"));
        String id = text(d, "account_id", true);
        if (!Destination.STRIPE_ACCOUNT.matcher(id).matches()) {
            throw new Destination.Invalid("destination.account_id", "must be a Stripe connected account id (acct_…)");
        }
        return new Destination.Stripe(id);
    }

    private static void only(JsonNode d, Set<String> allowed) {
        for (Iterator<String> it = d.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) throw new Destination.Invalid("destination." + f, "is not a known field");
        }
    }

    private static String text(JsonNode d, String field, boolean required) {
        JsonNode v = d.get(field);
        if (v == null || v.isNull()) {
            if (required) throw new Destination.Invalid("destination." + field, "is required");
            return null;
        }
        if (!v.isTextual() || v.textValue().isBlank() || v.textValue().length() > 300) {
            throw new Destination.Invalid("destination." + field, "must be a non-blank string");
        }
        return v.textValue().strip();
    }
}
