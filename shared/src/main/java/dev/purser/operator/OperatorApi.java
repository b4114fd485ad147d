package dev.purser.operator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.accounts.Account;
import dev.purser.accounts.AccountStore;
import dev.purser.config.Purser;
import dev.purser.http.ApiError;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.http.LambdaFunction;
import dev.purser.http.Route;
import dev.purser.http.RouteTable;
import dev.purser.json.Json;
import dev.purser.time.Times;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code /v1/operator/…}: actions of the deployment's operator (docs/operator.md). Authenticates
 * with an operator key, calls one service, renders. New operator routes add a {@link Route} served
 * by {@link LambdaFunction#OPERATOR} and one {@code .on(...)} line here.
 */
public final class OperatorApi {
    private final OperatorAuth auth;
    private final AccountBlocking blocking;
    private final RouteTable<OperatorContext> routes;
    private final OperatorKeys keys;
    private final Set<Route> operatorOnly = EnumSet.noneOf(Route.class);

    /** @param more operator routes of other capabilities (disputes, service verification) */
    public OperatorApi(Purser purser, List<OperatorRoutes> more) {
        this.keys = new OperatorKeys(purser.dynamo(), purser.table());
        this.auth = new OperatorAuth(keys);
        this.blocking = new AccountBlocking(new AccountStore(purser.dynamo(), purser.table()), purser.clock());
        RouteTable.Builder<OperatorContext> table = RouteTable.<OperatorContext>of(LambdaFunction.OPERATOR)
                .on(Route.OPERATOR_BLOCK_ACCOUNT, (op, request) -> block(request, true))
                .on(Route.OPERATOR_UNBLOCK_ACCOUNT, (op, request) -> block(request, false));
        for (OperatorRoutes m : more) {
            m.addTo(table);
            operatorOnly.addAll(m.operatorOnly());
        }
        this.routes = table.build();
    }

    public HttpResponse handle(HttpRequest request) {
        OperatorContext op;
        try {
            op = auth.authenticate(request);
        } catch (ApiError e) {
            if (e.status() == 401 && operatorOnly.contains(request.route())
                    && keys.isAccountCredential(request.header("authorization").orElse(""))) {
                throw ApiError.coded(403, "forbidden", "Only the deployment's operator can do this; account owner keys"
                        + " and agent tokens cannot (an account is a party to the disputes about its payments)");
            }
            throw e;
        }
        return routes.serve(op, request);
    }

    private HttpResponse block(HttpRequest request, boolean blocked) {
        if (blocking.set(request.pathParameter("account_id"), blocked) instanceof AccountBlocking.Result.Done done) {
            return HttpResponse.json(200, view(done.account()));
        }
        throw ApiError.coded(404, "account_not_found", "Account not found");
    }

    static ObjectNode view(Account a) {
        return Json.object().put("account_id", a.id()).put("blocked", a.blocked())
                .put("updated_at", a.updatedAt() == null ? null : Times.wire(a.updatedAt()));
    }
}
