package dev.purser.requests;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.commit.Commit;
import dev.purser.idempotency.Fingerprint;
import dev.purser.idempotency.IdempotencyCheck;
import dev.purser.idempotency.IdempotencyKey;
import dev.purser.idempotency.IdempotencyRecord;
import dev.purser.idempotency.IdempotencyStore;
import dev.purser.idempotency.StoredResponse;
import dev.purser.json.Json;
import dev.purser.time.Times;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The use case "the agent reports how its purchase went" (spec §1.6). A confirm is not idempotent
 * by nature (a second one is a 400); with an Idempotency-Key its answer is committed in the SAME
 * transaction as the confirm ({@link RequestLifecycle#confirm}), so a retry after a lost answer
 * replays the first answer instead of the 400.
 */
public final class RequestConfirmations {

    private final DecisionReader reader;
    private final RequestLifecycle lifecycle;
    private final IdempotencyStore idempotency;
    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public RequestConfirmations(DecisionReader reader, RequestLifecycle lifecycle, DynamoDbClient dynamo, String table,
                                Clock clock) {
        this.reader = reader;
        this.lifecycle = lifecycle;
        this.idempotency = new IdempotencyStore(dynamo, table);
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /**
     * @param rawBody the body as sent, for the idempotency fingerprint
     * @param input the validated fields; obtained after authentication (the spec's order)
     */
    public record Confirm(String tokenHash, String requestId, JsonNode rawBody, java.util.function.Supplier<Input> input,
                          String idempotencyKey) {}

    /** @param actualAmount minor units, or null */
    public record Input(boolean success, Long actualAmount, String receiptUrl) {}

    public ConfirmResult confirm(Confirm c) {
        Instant now = Times.micros(clock.instant());
        AgentContext ctx = reader.read(c.tokenHash(), now, false, c.idempotencyKey());
        var denial = AgentDenial.of(ctx);
        if (denial.isPresent()) return new ConfirmResult.Denied(denial.get());
        Input input = c.input().get();
        Fingerprint fingerprint = Fingerprint.of("POST /requests/" + c.requestId() + "/confirm", c.rawBody());
        IdempotencyKey key = IdempotencyKey.forAgent(ctx.agent().id(), c.idempotencyKey());
        ConfirmResult replay = replay(ctx.idempotency(), fingerprint, now);
        if (replay != null) return replay;

        Transition t = lifecycle.confirm(ctx.agent().id(), c.requestId(), input.success(), input.actualAmount(),
                input.receiptUrl(), now, key, fingerprint);
        if (t instanceof Transition.NotFound) return new ConfirmResult.NotFound();
        if (t instanceof Transition.Done d) return new ConfirmResult.Confirmed(d.request(), RequestViews.confirmed(d.request()));
        // Lost to a concurrent confirm with the same key? Its answer is this call's answer.
        replay = replay(idempotency.find(key), fingerprint, now);
        if (replay != null) return replay;
        PurchaseRequest current = ((Transition.WrongStatus) t).request();
        var body = RequestViews.cannotConfirm(current);
        if (key != null) {
            // Nothing changed, so the record stands alone; if another call's record won, keep that one.
            Commit.in(table).idempotency(IdempotencyRecord.completed(key, fingerprint,
                    new StoredResponse(400, Json.write(body)), now)).run(dynamo);
        }
        return new ConfirmResult.WrongStatus(current.status(), body);
    }

    private static ConfirmResult replay(Optional<IdempotencyRecord> record, Fingerprint fingerprint, Instant now) {
        IdempotencyCheck check = IdempotencyStore.check(record, fingerprint, now);
        if (check instanceof IdempotencyCheck.KeyReused) return new ConfirmResult.KeyReused();
        return check instanceof IdempotencyCheck.Replay r ? new ConfirmResult.Replayed(r.response()) : null;
    }
}
