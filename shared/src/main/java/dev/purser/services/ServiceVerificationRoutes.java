package dev.purser.services;

import dev.purser.http.ApiError;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.http.Route;
import dev.purser.http.RouteTable;
import dev.purser.operator.OperatorContext;
import dev.purser.operator.OperatorRoutes;
import java.util.Set;

/** {@code POST /v1/operator/services/{id}/verify|unverify}: the operator's {@code verified} flag (Operator function). */
public final class ServiceVerificationRoutes implements OperatorRoutes {
    private final ServiceVerification verification;

    public ServiceVerificationRoutes(ServiceVerification verification) {
        this.verification = verification;
    }

    @Override
    public void addTo(RouteTable.Builder<OperatorContext> table) {
        table.on(Route.OPERATOR_VERIFY_SERVICE, (op, r) -> set(r, true));
        table.on(Route.OPERATOR_UNVERIFY_SERVICE, (op, r) -> set(r, false));
    }

    @Override
    public Set<Route> operatorOnly() {
        return Set.of(Route.OPERATOR_VERIFY_SERVICE, Route.OPERATOR_UNVERIFY_SERVICE);
    }

    private HttpResponse set(HttpRequest request, boolean verified) {
        if (verification.set(request.pathParameter("service_id"), verified) instanceof ServiceVerification.Result.Done d) {
            return HttpResponse.json(200, d.service().view());
        }
        throw ApiError.coded(404, "service_not_found", "Service not found");
    }
}
