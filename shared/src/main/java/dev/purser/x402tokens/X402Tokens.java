package dev.purser.x402tokens;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.config.Purser;
import dev.purser.ledger.LedgerConfig;
import dev.purser.payments.PaymentService;
import dev.purser.payments.api.PaymentsWiring;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Wires the payment-token service once per container: the API function, the scan and the MCP
 * server's in-process tools build it the same way.
 */
public final class X402Tokens {
    /** Token lifetime in seconds (default 300). */
    public static final String TTL_SECONDS = "PURSER_X402_TOKEN_TTL_SECONDS";
    /** SLA window of a service that declared none, in seconds (default 3600). */
    public static final String DEFAULT_SLA_SECONDS = "PURSER_X402_DEFAULT_SLA_SECONDS";

    private X402Tokens() {}

    public static PaymentTokens of(Purser purser, LedgerConfig config) {
        Duration ttl = Duration.ofSeconds(Long.parseLong(purser.env().get(TTL_SECONDS, "300")));
        Duration sla = Duration.ofSeconds(Long.parseLong(purser.env().get(DEFAULT_SLA_SECONDS, "3600")));
        return new PaymentTokens(purser.dynamo(), purser.table(),
                new PaymentService(purser.dynamo(), purser.table(), config, purser::now),
                new SigningKeys(purser.dynamo(), purser.table()), purser::now, ttl, sla);
    }

    /** The verification keys as the Services function publishes them ({@code GET /v1/x402/keys}). */
    public static Supplier<ObjectNode> publishedKeys(Purser purser) {
        SigningKeys keys = new SigningKeys(purser.dynamo(), purser.table());
        return () -> keys.jwks(purser.clock().instant());
    }

    /** The HTTP layer over it, as the X402Tokens function serves it. */
    public static PaymentTokensApi api(Purser purser) {
        LedgerConfig config = LedgerConfig.from(purser.env()::get);
        PaymentTokens tokens = of(purser, config);
        return new PaymentTokensApi(tokens, new X402Facilitator(tokens, config.fees()), PaymentsWiring.callers(purser),
                config.fees());
    }
}
