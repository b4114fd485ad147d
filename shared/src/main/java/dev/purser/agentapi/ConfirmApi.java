package dev.purser.agentapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.commit.Commit;
import dev.purser.config.Purser;
import dev.purser.http.ApiError;
import dev.purser.http.Endpoints;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.http.ValidationErrors;
import dev.purser.idempotency.Fingerprint;
import dev.purser.idempotency.IdempotencyCheck;
import dev.purser.idempotency.IdempotencyKey;
import dev.purser.idempotency.IdempotencyRecord;
import dev.purser.idempotency.IdempotencyStore;
import dev.purser.idempotency.StoredResponse;
import dev.purser.money.Money;
import dev.purser.requests.AgentContext;
import dev.purser.requests.RequestViews;
import dev.purser.requests.Transition;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code POST /requests/{id}/confirm} (spec §1.6). Not idempotent by nature (a second confirm is
 * a 400); an {@code Idempotency-Key} makes a retry return the first answer instead.
 */
public final class ConfirmApi {
    private final Purser purser;
    private final IdempotencyStore idempotency;

    public ConfirmApi(Purser purser) {
        this.purser = purser;
        this.idempotency = new IdempotencyStore(purser.dynamo(), purser.table());
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
        Fingerprint fingerprint = Fingerprint.of("POST /requests/" + requestId + "/confirm", raw);
        IdempotencyKey idem = IdempotencyKey.forAgent(ctx.agent().id(), key);
        HttpResponse replay = replay(ctx.idempotency(), fingerprint, now);
        if (replay != null) return replay;

        Transition t = purser.lifecycle().confirm(ctx.agent().id(), requestId, success,
                actual == null ? null : Money.toMinor(actual), receipt, now, idem, fingerprint);
        if (t instanceof Transition.NotFound) {
            throw ApiError.detail(404, "Request not found");
        }
        if (t instanceof Transition.Done d) {
            return HttpResponse.json(200, RequestViews.confirmed(d.request()));
        }
        // Lost to a concurrent confirm with the same key? Its answer is this call's answer.
        replay = replay(idempotency.find(idem), fingerprint, now);
        if (replay != null) return replay;
        var w = (Transition.WrongStatus) t;
        HttpResponse response = HttpResponse.detail(400, "Cannot confirm request with status '" + w.request().status().wire() + "'");
        if (idem != null) {
            // Nothing changed, so the record stands alone; if another call's record won, keep that one.
            Commit.in(purser.table()).idempotency(IdempotencyRecord.completed(idem, fingerprint,
                    new StoredResponse(response.status(), response.body()), now)).run(purser.dynamo());
        }
        return response;
    }

    private static HttpResponse replay(Optional<IdempotencyRecord> record, Fingerprint fingerprint, Instant now) {
        IdempotencyCheck check = IdempotencyStore.check(record, fingerprint, now);
        if (check instanceof IdempotencyCheck.KeyReused) throw AgentErrors.idempotencyKeyReused();
        return check instanceof IdempotencyCheck.Replay r ? AgentErrors.replayed(r.response()) : null;
    }
}
