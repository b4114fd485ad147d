package dev.purser.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.config.Env;
import java.net.InetAddress;
import dev.purser.config.Purser;
import dev.purser.events.EventType;
import dev.purser.http.ApiError;
import dev.purser.http.Endpoints;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.http.LambdaFunction;
import dev.purser.http.Route;
import dev.purser.http.RouteTable;
import dev.purser.json.Json;
import dev.purser.owner.OwnerAuth;
import dev.purser.owner.OwnerContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;

/**
 * The owner API of webhook subscriptions ({@code /v1/webhooks…}). The signing secret is in the
 * answer of create and rotate-secret only. Another account's webhook answers 404, exactly like a
 * missing one.
 */
public final class WebhooksApi {
    static final int MAX_URL_LENGTH = 2048;
    static final int MAX_DESCRIPTION_LENGTH = 500;

    private final Purser purser;
    private final OwnerAuth auth;
    private final WebhookStore webhooks;
    private final DeliveryStore deliveries;
    private final UrlGuard urlGuard;
    private final WebhookTestEvents testEvents;
    private final RouteTable<OwnerContext> routes;

    public WebhooksApi(Purser purser) {
        this.purser = purser;
        this.auth = new OwnerAuth(purser);
        this.webhooks = new WebhookStore(purser.dynamo(), purser.table());
        this.deliveries = new DeliveryStore(purser.dynamo(), purser.table());
        this.urlGuard = urlGuard(purser.env());
        this.testEvents = new WebhookTestEvents(purser.dynamo(), purser.table());
        this.routes = RouteTable.<OwnerContext>of(LambdaFunction.OWNER_WEBHOOKS)
                .on(Route.OWNER_CREATE_WEBHOOK, this::create)
                .on(Route.OWNER_LIST_WEBHOOKS, (owner, request) -> list(owner))
                .on(Route.OWNER_GET_WEBHOOK, (owner, request) -> HttpResponse.json(200, find(owner, request).view()))
                .on(Route.OWNER_PATCH_WEBHOOK, this::patch)
                .on(Route.OWNER_DELETE_WEBHOOK, (owner, request) -> {
                    webhooks.delete(find(owner, request));
                    return new HttpResponse(204, Map.of(), "");
                })
                .on(Route.OWNER_ROTATE_WEBHOOK_SECRET, this::rotate)
                .on(Route.OWNER_TEST_WEBHOOK, this::test)
                .on(Route.OWNER_WEBHOOK_DELIVERIES, this::deliveries)
                .build();
    }

    /**
     * Private targets only where the deployment says so (tests); loopback alone where local
     * development asks for it ({@code --allow-loopback-webhooks}). The local runtime's default is
     * AWS's: public targets only.
     */
    public static UrlGuard urlGuard(Env env) {
        return new UrlGuard(Boolean.parseBoolean(env.get(Env.ALLOW_PRIVATE_WEBHOOK_URLS, "false")),
                Boolean.parseBoolean(env.get(Env.ALLOW_LOOPBACK_WEBHOOK_URLS, "false")), InetAddress::getAllByName);
    }

    public HttpResponse handle(HttpRequest request) {
        return Endpoints.handle(request, this::route);
    }

    private HttpResponse route(HttpRequest request) {
        return routes.serve(auth.authenticate(request), request);
    }

    private HttpResponse create(OwnerContext owner, HttpRequest request) {
        JsonNode body = object(request, Set.of("url", "events", "description"));
        String url = text(body, "url", true);
        List<String> events = events(body.get("events"), true);
        String description = text(body, "description", false);
        checkUrl(url);
        checkDescription(description);
        if (webhooks.list(owner.accountId()).size() >= WebhookStore.MAX_PER_ACCOUNT) {
            throw ApiError.coded(409, "too_many_webhooks", "An account may have at most "
                    + WebhookStore.MAX_PER_ACCOUNT + " webhooks");
        }
        Webhook w = webhooks.create(owner.accountId(), url, events, description, purser.now());
        return HttpResponse.json(201, withSecret(w));
    }

    private HttpResponse list(OwnerContext owner) {
        ObjectNode o = Json.object();
        var data = o.putArray("data");
        webhooks.list(owner.accountId()).forEach(w -> data.add(w.view()));
        return HttpResponse.json(200, o);
    }

    private HttpResponse patch(OwnerContext owner, HttpRequest request) {
        Webhook w = find(owner, request);
        JsonNode body = object(request, Set.of("url", "events", "description", "enabled"));
        String url = body.has("url") ? text(body, "url", true) : w.url();
        if (body.has("url")) checkUrl(url);
        List<String> events = body.has("events") ? events(body.get("events"), true) : w.events();
        String description = body.has("description") ? text(body, "description", false) : w.description();
        checkDescription(description);
        boolean enabled = w.enabled();
        if (body.has("enabled")) {
            if (!body.get("enabled").isBoolean()) throw invalid("enabled must be true or false");
            enabled = body.get("enabled").booleanValue();
        }
        Webhook changed = new Webhook(w.id(), w.accountId(), url, events, description, enabled, w.secret(),
                w.createdAt(), purser.now());
        if (!webhooks.save(changed)) throw notFound();
        return HttpResponse.json(200, changed.view());
    }

    private HttpResponse rotate(OwnerContext owner, HttpRequest request) {
        Webhook w = find(owner, request);
        // The old secret stops signing at once: deliveries after this call carry the new one only.
        Webhook changed = new Webhook(w.id(), w.accountId(), w.url(), w.events(), w.description(), w.enabled(),
                WebhookSignature.newSecret(), w.createdAt(), purser.now());
        if (!webhooks.save(changed)) throw notFound();
        return HttpResponse.json(200, withSecret(changed));
    }

    /** A {@code webhook.test} event through the outbox: the same path, relay and dispatcher as any event. */
    private HttpResponse test(OwnerContext owner, HttpRequest request) {
        Webhook w = find(owner, request);
        String eventId = testEvents.send(w, purser.now());
        ObjectNode o = Json.object();
        o.put("event_id", eventId);
        o.put("type", EventType.WEBHOOK_TEST.wire());
        return HttpResponse.json(202, o);
    }

    private HttpResponse deliveries(OwnerContext owner, HttpRequest request) {
        Webhook w = find(owner, request);
        int limit = 50;
        String l = request.queryParam("limit").orElse(null);
        if (l != null) {
            try {
                limit = Integer.parseInt(l);
            } catch (NumberFormatException e) {
                throw invalid("limit must be an integer between 1 and 100");
            }
            if (limit < 1 || limit > 100) throw invalid("limit must be an integer between 1 and 100");
        }
        ObjectNode o = Json.object();
        var data = o.putArray("data");
        deliveries.list(w.id(), limit).forEach(d -> data.add(d.view()));
        return HttpResponse.json(200, o);
    }

    private Webhook find(OwnerContext owner, HttpRequest request) {
        Webhook w = webhooks.get(owner.accountId(), request.pathParameter("webhook_id"));
        if (w == null) throw notFound();
        return w;
    }

    private static ObjectNode withSecret(Webhook w) {
        ObjectNode o = w.view();
        o.put("secret", w.secret());
        return o;
    }

    private void checkUrl(String url) {
        if (url.length() > MAX_URL_LENGTH) throw invalid("url is longer than " + MAX_URL_LENGTH + " characters");
        String problem = urlGuard.problem(url);
        if (problem != null) throw ApiError.coded(422, "invalid_url", problem);
    }

    private static void checkDescription(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            throw invalid("description is longer than " + MAX_DESCRIPTION_LENGTH + " characters");
        }
    }

    /** The body as an object with only {@code allowed} fields: a misspelled field is a 422, never a silent no-op. */
    private static JsonNode object(HttpRequest request, Set<String> allowed) {
        JsonNode body = Endpoints.jsonBody(request);
        if (body == null || !body.isObject()) throw invalid("body must be a JSON object");
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new ApiError(422, Json.object().put("detail", f + " is not a known field")
                        .put("code", "validation_error").put("field", f));
            }
        }
        return body;
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) throw invalid(field + " is required");
            return null;
        }
        if (!v.isTextual()) throw invalid(field + " must be a string");
        return v.asText();
    }

    private static List<String> events(JsonNode node, boolean required) {
        if (node == null || node.isNull()) {
            if (required) throw invalid("events is required");
            return List.of();
        }
        if (!node.isArray()) throw invalid("events must be an array of event names or patterns");
        List<String> events = new ArrayList<>();
        for (JsonNode e : node) {
            if (!e.isTextual()) throw invalid("events must be an array of event names or patterns");
            if (!events.contains(e.asText())) events.add(e.asText());
        }
        List<String> problems = EventPatterns.problems(events);
        if (!problems.isEmpty()) throw ApiError.coded(422, "invalid_events", String.join("; ", problems));
        return events;
    }

    private static ApiError invalid(String message) {
        return ApiError.coded(422, "validation_error", message);
    }

    private static ApiError notFound() {
        return ApiError.coded(404, "not_found", "Webhook not found");
    }
}
