package dev.purser.payments.api;

import dev.purser.config.Purser;
import dev.purser.ledger.LedgerConfig;
import dev.purser.payments.PaymentQueries;
import dev.purser.payments.PaymentService;
import dev.purser.wallets.Callers;

/**
 * Builds the payments capability once per container, for the Payments function, the MCP tools,
 * the capabilities that pay through it (disputes, x402 payment tokens) and the bench alike. It
 * sits beside the HTTP classes, above {@code config}, because {@code config/Purser} wires the
 * payments' request links below it.
 */
public final class PaymentsWiring {
    private PaymentsWiring() {}

    /** The payment service on the container's ledger configuration ({@link LedgerConfig#from}). */
    public static PaymentService service(Purser purser) {
        return new PaymentService(purser.dynamo(), purser.table(), LedgerConfig.from(purser.env()::get), purser::now);
    }

    /** How money endpoints authenticate (owner keys and agent tokens), on the container's decision reader. */
    public static Callers callers(Purser purser) {
        return new Callers(purser.reader(), purser.dynamo(), purser.table(), purser.clock());
    }

    public static PaymentsApi api(Purser purser) {
        return new PaymentsApi(service(purser), new PaymentQueries(purser.dynamo(), purser.table()), callers(purser));
    }
}
