package dev.purser.agentapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.config.Purser;
import dev.purser.http.ApiError;
import dev.purser.http.Endpoints;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.http.ValidationErrors;
import dev.purser.money.Money;
import dev.purser.requests.ConfirmResult;
import dev.purser.requests.RequestConfirmations;
import java.math.BigDecimal;

/**
 * {@code POST /requests/{id}/confirm} (spec §1.6): parse, authenticate, call
 * {@link RequestConfirmations}, render. An {@code Idempotency-Key} makes a retry return the first
 * answer, even when that answer was lost after the confirm committed.
 */
public final class ConfirmApi {
    private final RequestConfirmations confirmations;

    public ConfirmApi(Purser purser) {
        this.confirmations = purser.confirmations();
    }

    public HttpResponse handle(HttpRequest request) {
        return Endpoints.handle(request, this::confirm);
    }

    private HttpResponse confirm(HttpRequest request) {
        JsonNode raw = Endpoints.jsonBody(request);
        String tokenHash = AgentAuth.tokenHash(request);
        String key = request.header("idempotency-key").orElse(null);
        ConfirmResult result = confirmations.confirm(new RequestConfirmations.Confirm(tokenHash,
                request.pathParameter("request_id"), raw, () -> input(raw), key));
        if (result instanceof ConfirmResult.Confirmed c) return HttpResponse.json(200, c.body());
        if (result instanceof ConfirmResult.WrongStatus w) return HttpResponse.json(400, w.body());
        if (result instanceof ConfirmResult.Replayed r) return AgentErrors.replayed(r.response());
        if (result instanceof ConfirmResult.Denied d) throw AgentAuth.denied(d.denial());
        if (result instanceof ConfirmResult.KeyReused) throw AgentErrors.idempotencyKeyReused();
        if (result instanceof ConfirmResult.NotFound) throw ApiError.detail(404, "Request not found");
        throw new IllegalStateException("unrendered result " + result);
    }

    private static RequestConfirmations.Input input(JsonNode raw) {
        ValidationErrors errors = new ValidationErrors();
        ObjectNode body = BodyFields.requireObject(raw, errors);
        BodyFields f = new BodyFields(body, errors);
        Boolean success = f.bool("success");
        BigDecimal actual = f.amount("actual_amount", false);
        String receipt = f.string("receipt_url", 2000, false);
        errors.throwIfAny();
        return new RequestConfirmations.Input(success, actual == null ? null : Money.toMinor(actual), receipt);
    }
}
