package dev.purser.x402tokens;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;
import dev.purser.money.Money;
import dev.purser.services.Service;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * x402 version 2 {@code PaymentRequired} of a registered service (docs/x402.md "x402 v2"): the
 * resource object, one {@code accepts[]} entry per scheme Purser settles ({@code exact}, and
 * {@code upto} with the price as the maximum), the network {@link #NETWORK} (CAIP-2 form:
 * Purser's own ledger), the amount in the currency's atomic (minor) units and the provider's wallet
 * as {@code payTo}. The consumer pays with a Purser payment token; Purser is the facilitator.
 */
public final class PaymentRequiredV2 {
    /** Purser's ledger as a CAIP-2 style network id ({@code namespace:reference}). */
    public static final String NETWORK = "purser:ledger";
    /** The schemes Purser's facilitator verifies and settles. */
    public static final List<String> SCHEMES = List.of("exact", "upto");
    /** Where Purser's facilitator endpoints live ({@code /verify}, {@code /settle}, {@code /supported}). */
    public static final String FACILITATOR_PATH = "/v1/x402/facilitator";
    /** Ledger amounts are minor units with two decimals (Purser's exact-money rule). */
    public static final int DECIMALS = 2;
    private static final Pattern SERVICE_NAME = Pattern.compile("^[\\x20-\\x7e]{1,32}$");

    private PaymentRequiredV2() {}

    static ObjectNode of(Service sv, String payTo, long fee, long timeoutSeconds, Duration ttl) {
        ObjectNode o = Json.object();
        o.put("x402Version", 2);
        ObjectNode resource = o.putObject("resource");
        resource.put("url", sv.endpointUrl());
        resource.put("description", sv.description() == null ? sv.name() : sv.description());
        resource.put("mimeType", "application/json");
        // x402 allows a serviceName of 1-32 printable ASCII characters; a longer name is in extra.service_name only.
        if (SERVICE_NAME.matcher(sv.name()).matches()) resource.put("serviceName", sv.name());
        for (String scheme : SCHEMES) {
            ObjectNode a = o.withArray("accepts").addObject();
            a.put("scheme", scheme);
            a.put("network", NETWORK);
            a.put("amount", Long.toString(sv.pricePerCall()));
            a.put("asset", sv.currency());
            a.put("payTo", payTo);
            a.put("maxTimeoutSeconds", timeoutSeconds);
            ObjectNode extra = a.putObject("extra");
            extra.put("name", sv.currency());
            extra.put("decimals", DECIMALS);
            extra.put("service_id", sv.id());
            extra.put("service_name", sv.name());
            extra.put("price_per_call", Money.plain(sv.pricePerCall()));
            extra.put("fee", Money.plain(fee));
            extra.put("authorize_url", "/v1/services/" + sv.id() + "/authorize");
            extra.put("facilitator_url", FACILITATOR_PATH);
            extra.put("keys_url", "/v1/x402/keys");
            extra.put("token_ttl_seconds", ttl.toSeconds());
            extra.put("verified", sv.verified());
        }
        return o;
    }
}
