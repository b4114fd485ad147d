package dev.purser.disputes;

import dev.purser.config.Purser;
import dev.purser.payments.PaymentService;
import dev.purser.payments.api.PaymentsWiring;

/** Builds the disputes API once per container, for the Disputes and Operator functions and the MCP tools alike. */
public final class DisputesWiring {
    private DisputesWiring() {}

    public static DisputesApi disputesApi(Purser purser) {
        PaymentService payments = PaymentsWiring.service(purser);
        Disputes disputes = new Disputes(purser.dynamo(), purser.table(), payments,
                Disputes.windowFrom(purser.env().get(Disputes.WINDOW_DAYS_ENV, null)), purser.clock());
        return new DisputesApi(disputes, PaymentsWiring.callers(purser));
    }
}
