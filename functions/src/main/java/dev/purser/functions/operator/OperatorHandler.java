package dev.purser.functions.operator;

import dev.purser.config.Purser;
import dev.purser.disputes.DisputesWiring;
import dev.purser.functions.priming.ContainerInit;
import dev.purser.functions.priming.Priming;
import dev.purser.functions.HttpApiHandler;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.operator.OperatorApi;
import dev.purser.services.ServiceVerification;
import dev.purser.services.ServiceVerificationRoutes;
import java.util.List;

/** The deployment operator's actions: /v1/operator/… (block/unblock an account, service verification, dispute review and resolution). */
public final class OperatorHandler extends HttpApiHandler {
    private final OperatorApi api;

    public OperatorHandler() {
        this(Priming.register(ContainerInit.purser()));
    }

    public OperatorHandler(Purser purser) {
        super(purser);
        this.api = new OperatorApi(purser, List.of(
                DisputesWiring.disputesApi(purser).operatorRoutes(),
                new ServiceVerificationRoutes(new ServiceVerification(purser.dynamo(), purser.table(), purser.clock()))));
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        return api.handle(request);
    }
}
