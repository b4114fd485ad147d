package dev.purser.operator;

import dev.purser.http.Route;
import dev.purser.http.RouteTable;
import java.util.Set;

/**
 * Operator routes that live with their capability (disputes, service verification), so the
 * capability's package depends on {@code operator} and never the other way round (the owner
 * package already depends on this one: Bootstrap mints operator keys). {@link OperatorApi}
 * authenticates the operator and serves them from its one {@link RouteTable}.
 */
public interface OperatorRoutes {
    void addTo(RouteTable.Builder<OperatorContext> table);

    /**
     * Routes where a valid account credential (owner key or agent token) is answered {@code 403}
     * with a detail instead of {@code 401}: the caller is known, and is told that this action is the
     * deployment operator's only (e.g. an account owner resolving a dispute about its own agents).
     */
    default Set<Route> operatorOnly() {
        return Set.of();
    }
}
