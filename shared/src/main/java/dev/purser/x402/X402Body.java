package dev.purser.x402;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.agentapi.BodyFields;
import dev.purser.http.ValidationErrors;
import dev.purser.json.Json;
import dev.purser.money.Money;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The x402 bodies, validated as upstream's Pydantic models report (422, {@code detail} a list):
 * the same {@code type}/{@code msg}/{@code loc} shapes as the Agent API. Amounts are decimals
 * (number or string), {@code > 0}, at most 2 decimal places (Purser's exact-money rule).
 */
final class X402Body {
    static final BigDecimal MAX_USD = new BigDecimal("10000");
    private static final Pattern EVM = Pattern.compile("^0x[0-9a-fA-F]{40}$");
    private static final Pattern SOLANA = Pattern.compile("^[1-9A-HJ-NP-Za-km-z]{32,44}$");
    private static final Pattern ATOMIC = Pattern.compile("^[0-9]{1,50}$");

    private final ValidationErrors errors = new ValidationErrors();

    private X402Body() {}

    static AuthorizeInput authorize(JsonNode raw) {
        X402Body b = new X402Body();
        ObjectNode body = b.object(raw, "body");
        JsonNode reqs = body.get("payment_requirements");
        AuthorizeInput r = null;
        if (reqs == null || reqs.isNull()) {
            b.errors.missing(body, "body", "payment_requirements");
        } else if (!reqs.isObject()) {
            b.errors.add("model_attributes_type", "Input should be a valid dictionary or object to extract fields from",
                    reqs, null, "body", "payment_requirements");
        } else {
            r = b.requirements(reqs);
        }
        BigDecimal max = b.decimal(body, "max_amount_usd", true);
        if (max != null && max.compareTo(MAX_USD) > 0) {
            b.errors.add("value_error", "Value error, max_amount_usd cannot exceed 10000", body.get("max_amount_usd"),
                    Json.object().put("error", "max_amount_usd cannot exceed 10000"), "body", "max_amount_usd");
        }
        String category = body.has("category") && !body.get("category").isNull()
                ? b.string(body, 50, false, "category") : "api";
        b.errors.throwIfAny();
        return new AuthorizeInput(r.scheme(), r.network(), r.amount(), r.asset(), r.payTo(), r.resource(), max, category,
                r.assetAddress(), r.assetDecimals());
    }

    /**
     * LetAgentPay's {@code payment_requirements} or an official x402 v1/v2 {@code PaymentRequirements}
     * as received: {@code payTo} for {@code pay_to}, {@code maxAmountRequired} (v1) for
     * {@code amount}, an {@code asset} contract address named by the known-asset table or
     * {@code extra.name}, a v2 resource object's {@code url}. Other official fields are ignored.
     */
    private AuthorizeInput requirements(JsonNode reqs) {
        String scheme = string(reqs, 20, true, "payment_requirements", "scheme");
        String network = string(reqs, 30, true, "payment_requirements", "network");
        String amountField = reqs.hasNonNull("amount") || !reqs.hasNonNull("maxAmountRequired") ? "amount" : "maxAmountRequired";
        String amount = string(reqs, 50, true, "payment_requirements", amountField);
        if (amount != null && !ATOMIC.matcher(amount).matches()) {
            String msg = amountField + " must be a non-negative integer of ASCII digits (the asset's atomic units)";
            errors.add("value_error", "Value error, " + msg, reqs.get(amountField), Json.object().put("error", msg),
                    "body", "payment_requirements", amountField);
            amount = null;
        }
        String payToField = reqs.hasNonNull("pay_to") || !reqs.hasNonNull("payTo") ? "pay_to" : "payTo";
        String payTo = string(reqs, 64, true, "payment_requirements", payToField);
        JsonNode assetNode = reqs.get("asset");
        boolean address = assetNode != null && assetNode.isTextual()
                && (EVM.matcher(assetNode.asText()).matches() || SOLANA.matcher(assetNode.asText()).matches());
        String asset = string(reqs, address ? 64 : 10, true, "payment_requirements", "asset");
        String assetAddress = null;
        Integer decimals = null;
        if (asset != null && address) {
            assetAddress = asset;
            var known = KnownAssets.byAddress(asset);
            String name = reqs.path("extra").path("name").asText("");
            if (known.isPresent()) {
                asset = known.get().symbol();
                decimals = known.get().decimals();
            } else if (!name.isBlank() && KnownAssets.symbolOfName(name).length() <= 10) {
                asset = KnownAssets.symbolOfName(name); // an unknown contract: its decimals stay unknown
            }
        } else if (asset != null) {
            decimals = KnownAssets.bySymbol(asset).map(KnownAssets.Asset::decimals).orElse(null);
        }
        JsonNode res = reqs.get("resource");
        String resource = res != null && res.isObject()
                ? string(res, 2000, false, "payment_requirements", "resource", "url")
                : string(reqs, 2000, false, "payment_requirements", "resource");
        return new AuthorizeInput(scheme, network, amount, asset, payTo, resource, null, null, assetAddress, decimals);
    }

    static ReportInput report(JsonNode raw) {
        X402Body b = new X402Body();
        ObjectNode body = b.object(raw, "body");
        String id = b.string(body, 36, true, "authorization_id");
        // Lenient on the hash (upstream's and the MCP server's tests use short ones like 0xabc123):
        // any non-blank string of at most 100 characters.
        String hash = b.string(body, 100, true, "tx_hash");
        if (hash != null && hash.isBlank()) {
            b.errors.add("string_too_short", "String should have at least 1 character", body.get("tx_hash"),
                    Json.object().put("min_length", 1), "body", "tx_hash");
        }
        String actual = b.string(body, 50, false, "actual_amount");
        BigDecimal actualUsd = b.decimal(body, "actual_amount_usd", false);
        String resource = b.string(body, 2000, false, "resource_url");
        b.errors.throwIfAny();
        return new ReportInput(id, hash, actual, actualUsd == null ? null : Money.toMinor(actualUsd), resource);
    }

    static X402Service.WalletInput wallet(JsonNode raw) {
        X402Body b = new X402Body();
        ObjectNode body = b.object(raw, "body");
        String address = b.string(body, 64, true, "wallet_address");
        if (address != null && address.isEmpty()) {
            b.errors.add("string_too_short", "String should have at least 1 character", body.get("wallet_address"),
                    Json.object().put("min_length", 1), "body", "wallet_address");
            address = null;
        }
        String chain = b.string(body, 30, true, "chain");
        if (chain != null) {
            chain = chain.strip().toLowerCase(Locale.ROOT);
            if (!Chains.WALLET_CHAINS.contains(chain)) {
                b.errors.add("value_error", "Value error, chain must be one of: " + String.join(", ", Chains.WALLET_CHAINS),
                        body.get("chain"), Json.object().put("error", "chain must be one of: " + String.join(", ", Chains.WALLET_CHAINS)),
                        "body", "chain");
                chain = null;
            }
        }
        if (address != null && chain != null) {
            boolean solana = chain.equals("solana");
            if (!(solana ? SOLANA : EVM).matcher(address).matches()) {
                String msg = solana ? "Invalid Solana address" : "Invalid EVM address";
                b.errors.add("value_error", "Value error, " + msg, body.get("wallet_address"),
                        Json.object().put("error", msg), "body", "wallet_address");
            }
        }
        String provider = b.string(body, 50, false, "wallet_provider");
        b.errors.throwIfAny();
        return new X402Service.WalletInput(address, chain, provider);
    }

    private ObjectNode object(JsonNode raw, String loc) {
        if (raw == null) {
            errors.add("missing", "Field required", null, null, loc);
            errors.throwIfAny();
        }
        if (!raw.isObject()) {
            errors.add("model_attributes_type", "Input should be a valid dictionary or object to extract fields from",
                    raw, null, loc);
            errors.throwIfAny();
        }
        return (ObjectNode) raw;
    }

    /** A string field at {@code body.<path...>}; the last path element names it in {@code parent}. */
    private String string(JsonNode parent, int maxLength, boolean required, String... path) {
        Object[] loc = new Object[path.length + 1];
        loc[0] = "body";
        System.arraycopy(path, 0, loc, 1, path.length);
        JsonNode v = parent.get(path[path.length - 1]);
        if (v == null || v.isNull()) {
            if (required) errors.missing(parent, loc);
            return null;
        }
        if (!v.isTextual()) {
            errors.add("string_type", "Input should be a valid string", v, null, loc);
            return null;
        }
        String s = v.asText();
        if (s.codePointCount(0, s.length()) > maxLength) {
            errors.add("string_too_long", "String should have at most " + maxLength + " characters", v,
                    Json.object().put("max_length", maxLength), loc);
            return null;
        }
        return s;
    }

    /**
     * The Agent API's decimal reader (same Pydantic-shaped errors); {@code max_amount_usd} has its own
     * 10,000 cap (checked by the caller), every other amount the Agent API's 9,999,999.
     */
    private BigDecimal decimal(JsonNode body, String field, boolean required) {
        return new BodyFields(body, errors).decimal(field, required,
                field.equals("max_amount_usd") ? null : BodyFields.MAX_AMOUNT);
    }
}
