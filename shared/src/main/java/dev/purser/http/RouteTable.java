package dev.purser.http;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which code serves each route of one Lambda function: route → endpoint, checked complete when it
 * is built (at container init), so a {@link Route} added without code fails the first test that
 * starts the function, never a user. Replaces {@code switch (route)} blocks ending in
 * {@code default: throw}.
 *
 * @param <C> what every endpoint of the table receives besides the request (the authenticated
 *            owner, or {@code Void} when the endpoint authenticates itself)
 */
public final class RouteTable<C> {
    /** One route's code. */
    @FunctionalInterface
    public interface Endpoint<C> {
        HttpResponse serve(C context, HttpRequest request);
    }

    private final LambdaFunction function;
    private final Map<Route, Endpoint<C>> endpoints;

    private RouteTable(LambdaFunction function, Map<Route, Endpoint<C>> endpoints) {
        this.function = function;
        this.endpoints = endpoints;
    }

    /** A table for the routes {@code function} serves ({@link Route#servedBy}). */
    public static <C> Builder<C> of(LambdaFunction function) {
        return new Builder<>(function);
    }

    public LambdaFunction function() {
        return function;
    }

    public Set<Route> routes() {
        return EnumSet.copyOf(endpoints.keySet());
    }

    /** Whether this table has code for the request's route. */
    public boolean serves(HttpRequest request) {
        return request.route() != null && endpoints.containsKey(request.route());
    }

    /** The request's endpoint; a request without a route of this table gets the framework's 404/405. */
    public HttpResponse serve(C context, HttpRequest request) {
        Endpoint<C> e = request.route() == null ? null : endpoints.get(request.route());
        if (e == null) return Endpoints.fallback(request.method(), request.rawPath());
        return e.serve(context, request);
    }

    public static final class Builder<C> {
        private final LambdaFunction function;
        private final Map<Route, Endpoint<C>> endpoints = new EnumMap<>(Route.class);

        private Builder(LambdaFunction function) {
            this.function = function;
        }

        public Builder<C> on(Route route, Endpoint<C> endpoint) {
            if (route.function() != function) {
                throw new IllegalStateException(route + " is served by " + route.function() + ", not " + function);
            }
            if (endpoints.putIfAbsent(route, endpoint) != null) throw new IllegalStateException(route + " has two endpoints");
            return this;
        }

        /** @throws IllegalStateException naming every route of the function that has no code */
        public RouteTable<C> build() {
            Set<Route> missing = EnumSet.noneOf(Route.class);
            for (Route r : Route.servedBy(function)) {
                if (!endpoints.containsKey(r)) missing.add(r);
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("routes of " + function + " without code: " + missing);
            }
            return new RouteTable<>(function, new EnumMap<>(endpoints));
        }
    }
}
