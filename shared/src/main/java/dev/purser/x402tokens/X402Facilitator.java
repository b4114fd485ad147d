package dev.purser.x402tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;
import dev.purser.ledger.FeeSchedule;
import dev.purser.money.Money;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Purser as the x402 v2 facilitator of its own scheme (docs/x402.md "x402 v2"): a provider running
 * the official x402 server middleware names Purser as its facilitator; the consumer's payment
 * payload is a Purser payment token ({@code {"token": "x402_tok_…"}}).
 *
 * <ul>
 *   <li><b>verify</b> checks the token against the requirements (signature, payee, asset, amount,
 *       service), then redeems it and starts the call's SLA clock: a replayed payment is refused
 *       here, and a provider that never settles is refunded by the SLA scan.</li>
 *   <li><b>settle</b> completes the call: {@code exact} posts the held amount; {@code upto} posts the
 *       requirements' (settled) amount, at most the held maximum, and releases the rest.</li>
 * </ul>
 * Protocol refusals are answers ({@code isValid: false} / {@code success: false} with a reason),
 * not errors; only the caller's identity and the body's shape are HTTP errors.
 */
public final class X402Facilitator {
    private static final Pattern ATOMIC = Pattern.compile("^[0-9]{1,18}$");

    /** An x402 {@code VerifyResponse}. */
    public record Verification(boolean valid, String reason, String message, String payer) {
        public ObjectNode view() {
            ObjectNode o = Json.object().put("isValid", valid);
            if (reason != null) o.put("invalidReason", reason).put("invalidMessage", message);
            if (payer != null) o.put("payer", payer);
            return o;
        }
    }

    /** An x402 {@code SettleResponse}; {@code transaction} is the Purser payment id. */
    public record Settlement(boolean success, String reason, String message, String payer, String transaction, Long amount) {
        public ObjectNode view() {
            ObjectNode o = Json.object().put("success", success);
            if (reason != null) o.put("errorReason", reason).put("errorMessage", message);
            if (payer != null) o.put("payer", payer);
            o.put("transaction", transaction == null ? "" : transaction);
            o.put("network", PaymentRequiredV2.NETWORK);
            if (amount != null) o.put("amount", Long.toString(amount));
            return o;
        }
    }

    /** What a payload and its requirements say, once checked against each other and the token's claims. */
    private record Checked(String failure, String message, String scheme, String tokenId, String token, long amount, long held) {
        static Checked fail(String failure, String message) {
            return new Checked(failure, message, null, null, null, 0, 0);
        }
    }

    private final PaymentTokens tokens;
    private final FeeSchedule fees;

    public X402Facilitator(PaymentTokens tokens, FeeSchedule fees) {
        this.tokens = tokens;
        this.fees = fees;
    }

    /** The x402 {@code SupportedResponse}: both schemes on Purser's ledger, version 2. */
    public ObjectNode supported() {
        ObjectNode o = Json.object();
        for (String scheme : PaymentRequiredV2.SCHEMES) {
            ObjectNode k = o.withArray("kinds").addObject().put("x402Version", 2).put("scheme", scheme)
                    .put("network", PaymentRequiredV2.NETWORK);
            k.putObject("extra").put("decimals", PaymentRequiredV2.DECIMALS).put("payload", "Purser payment token {\"token\": \"x402_tok_…\"}");
        }
        o.putArray("extensions");
        o.putObject("signers").putArray("purser:*");
        return o;
    }

    public Verification verify(String agentId, String accountId, JsonNode payload, JsonNode requirements) {
        Checked c = check(payload, requirements);
        if (c.failure() != null) return new Verification(false, c.failure(), c.message(), null);
        if (c.amount() != c.held()) {
            return new Verification(false, "amount_mismatch", "The token holds " + c.held() + " atomic units; the requirements ask "
                    + c.amount(), null);
        }
        TokenOutcome redeemed = tokens.verify(agentId, accountId, c.token());
        if (!(redeemed instanceof TokenOutcome.Verified v)) return new Verification(false, reason(redeemed), message(redeemed), null);
        TokenOutcome started = tokens.advance(agentId, accountId, c.tokenId(), PaymentTokens.Step.CALL_STARTED, null, null);
        if (!(started instanceof TokenOutcome.Done)) return new Verification(false, reason(started), message(started), null);
        return new Verification(true, null, null, v.token().fromWalletId());
    }

    public Settlement settle(String agentId, String accountId, JsonNode payload, JsonNode requirements) {
        Checked c = check(payload, requirements);
        if (c.failure() != null) return new Settlement(false, c.failure(), c.message(), null, null, null);
        boolean upto = c.scheme().equals("upto");
        if (!upto && c.amount() != c.held()) {
            return new Settlement(false, "amount_mismatch", "exact settles the held " + c.held() + " atomic units, not "
                    + c.amount(), null, null, null);
        }
        if (upto && (c.amount() < 1 || c.amount() > c.held())) {
            return new Settlement(false, "invalid_upto_amount", "upto settles 1.." + c.held() + " atomic units, not "
                    + c.amount(), null, null, null);
        }
        TokenOutcome done = upto
                ? tokens.complete(agentId, accountId, c.tokenId(), new PaymentTokens.Capture(c.amount(), fees.fee("internal", c.amount())))
                : tokens.advance(agentId, accountId, c.tokenId(), PaymentTokens.Step.CALL_COMPLETED, null, null);
        if (done instanceof TokenOutcome.Conflict k && k.current() == TokenStatus.COMPLETED) {
            done = tokens.get(agentId, accountId, c.tokenId()); // a retried settle: the settlement that happened
        }
        if (done instanceof TokenOutcome.Done d && d.token().status() == TokenStatus.COMPLETED) {
            return new Settlement(true, null, null, d.token().fromWalletId(), d.token().paymentId(), upto ? c.amount() : c.held());
        }
        return new Settlement(false, reason(done), message(done), null, null, null);
    }

    private Checked check(JsonNode payload, JsonNode req) {
        if (payload.path("x402Version").asInt(0) != 2) {
            return Checked.fail("invalid_x402_version", "Purser's facilitator speaks x402 version 2");
        }
        String scheme = req.path("scheme").asText("");
        if (!PaymentRequiredV2.SCHEMES.contains(scheme)) {
            return Checked.fail("unsupported_scheme", "Purser settles the schemes " + PaymentRequiredV2.SCHEMES + ", not " + scheme);
        }
        if (!PaymentRequiredV2.NETWORK.equals(req.path("network").asText(""))) {
            return Checked.fail("invalid_network", "Purser settles on the network " + PaymentRequiredV2.NETWORK);
        }
        JsonNode accepted = payload.path("accepted");
        if (!accepted.path("scheme").asText("").equals(scheme) || !accepted.path("network").asText("").equals(PaymentRequiredV2.NETWORK)) {
            return Checked.fail("invalid_payload", "The payload's accepted requirements name another scheme or network");
        }
        String token = payload.path("payload").path("token").asText(null);
        var claims = tokens.claims(token);
        if (claims.isEmpty()) {
            return Checked.fail("invalid_payment_token", "payload.token is not a Purser payment token a published key verifies");
        }
        JsonNode cl = claims.get();
        if (!cl.path("pay_to").asText("").equals(req.path("payTo").asText())) {
            return Checked.fail("recipient_mismatch", "The token pays " + cl.path("pay_to").asText() + ", not payTo");
        }
        if (!cl.path("cur").asText("").equals(req.path("asset").asText())) {
            return Checked.fail("asset_mismatch", "The token is in " + cl.path("cur").asText() + ", not the asset");
        }
        String serviceId = req.path("extra").path("service_id").asText(null);
        if (serviceId != null && !serviceId.equals(cl.path("sid").asText())) {
            return Checked.fail("service_mismatch", "The token pays for another service than extra.service_id");
        }
        String amount = req.path("amount").asText("");
        if (!ATOMIC.matcher(amount).matches()) {
            return Checked.fail("invalid_amount", "amount must be a non-negative integer of atomic units");
        }
        long held = Money.toMinor(new BigDecimal(cl.path("amt").asText("0")));
        return new Checked(null, null, scheme, cl.path("tid").asText(), token, Long.parseLong(amount), held);
    }

    private static String reason(TokenOutcome o) {
        if (o instanceof TokenOutcome.Conflict c) return c.code().toLowerCase(Locale.ROOT);
        if (o instanceof TokenOutcome.Forbidden f) return f.code().toLowerCase(Locale.ROOT);
        if (o instanceof TokenOutcome.NotFound n) return n.code();
        if (o instanceof TokenOutcome.BadSignature || o instanceof TokenOutcome.Malformed) return "invalid_payment_token";
        if (o instanceof TokenOutcome.Busy) return "contention";
        return "unexpected_outcome";
    }

    private static String message(TokenOutcome o) {
        if (o instanceof TokenOutcome.Conflict c) return c.detail();
        if (o instanceof TokenOutcome.Forbidden f) return f.detail();
        if (o instanceof TokenOutcome.NotFound n) return n.detail();
        if (o instanceof TokenOutcome.BadSignature b) return b.detail();
        if (o instanceof TokenOutcome.Malformed m) return m.detail();
        if (o instanceof TokenOutcome.Busy) return "The token is being changed by another call; retry";
        return o.getClass().getSimpleName();
    }
}
