package dev.purser.agentapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.config.Purser;
import dev.purser.http.ApiError;
import dev.purser.http.Endpoints;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.http.ValidationErrors;
import dev.purser.json.Json;
import dev.purser.money.Money;
import dev.purser.requests.AgentContext;
import dev.purser.requests.Transition;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * {@code POST /requests/{id}/confirm} (spec §1.6). Not idempotent by nature (a second confirm is
 * a 400); an {@code Idempotency-Key} makes a retry return the first answer instead.
 */
public final class ConfirmApi {
    private final Purser purser;
    private final Idempotency idempotency;

    public ConfirmApi(Purser purser) {
        this.purser = purser;
        this.idempotency = new Idempotency(purser);
    }

    public HttpResponse handle(HttpRequest request) {
        return Endpoints.handle(request, this::confirm);
    }

    private HttpResponse confirm(HttpRequest request) {
        JsonNode raw = Endpoints.jsonBody(request);
        String tokenHash = AgentAuth.tokenHash(request);
        Instant now = purser.now();
        String key = request.header("idempotency-key").orElse(null);
        AgentContext ctx = purser.reader().read(tokenHash, now, false, key);
        AgentAuth.check(ctx);
        ValidationErrors errors = new ValidationErrors();
        ObjectNode body = BodyFields.requireObject(raw, errors);
        BodyFields f = new BodyFields(body, errors);
        Boolean success = f.bool("success");
        BigDecimal actual = f.amount("actual_amount", false);
        String receipt = f.string("receipt_url", 2000, false);
        errors.throwIfAny();

        String requestId = request.pathParameter("request_id");
        String fingerprint = "POST /requests/" + requestId + "/confirm " + Json.write(raw);
        var replay = idempotency.replay(ctx, key, fingerprint, now);
        if (replay != null) return replay;

        Transition t = purser.lifecycle().confirm(ctx.agent().id(), requestId, success,
                actual == null ? null : Money.toMinor(actual), receipt, now);
        HttpResponse response;
        if (t instanceof Transition.NotFound) {
            throw ApiError.detail(404, "Request not found");
        } else if (t instanceof Transition.WrongStatus w) {
            response = HttpResponse.detail(400, "Cannot confirm request with status '" + w.request().status().wire() + "'");
        } else {
            var r = ((Transition.Done) t).request();
            ObjectNode o = Json.object();
            o.put("request_id", r.id());
            o.put("status", r.status().wire());
            o.put("actual_amount", r.actualAmount() == null ? null : Money.plain(r.actualAmount()));
            response = HttpResponse.json(200, o);
        }
        idempotency.remember(ctx.agent().id(), key, fingerprint, response, now);
        return response;
    }
}
