package dev.purser.agentapi;

import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.num;
import static dev.purser.store.Attr.s;
import static dev.purser.store.Attr.str;

import dev.purser.config.Purser;
import dev.purser.http.ApiError;
import dev.purser.http.HttpResponse;
import dev.purser.requests.AgentContext;
import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Idempotency records for calls other than create (whose record is written inside its own
 * transaction): 24 hours, per agent, the same response on replay, 422 when the body differs.
 */
final class Idempotency {
    static final Duration TTL = Duration.ofHours(24);
    private final Purser purser;

    Idempotency(Purser purser) {
        this.purser = purser;
    }

    HttpResponse replay(AgentContext ctx, String key, String fingerprint, Instant now) {
        var record = ctx.idempotency();
        if (key == null || record == null || record.isEmpty()) return null;
        if (num(record, TableDefinition.TTL) < now.getEpochSecond()) return null;
        if (!fingerprint.equals(str(record, "fingerprint"))) {
            throw ApiError.detail(422, "Idempotency-Key was already used with a different request body");
        }
        return new HttpResponse((int) num(record, "status_code"),
                Map.of("content-type", "application/json", "idempotent-replayed", "true"), str(record, "response"));
    }

    void remember(String agentId, String key, String fingerprint, HttpResponse response, Instant now) {
        if (key == null) return;
        purser.dynamo().putItem(b -> b.tableName(purser.table()).item(Map.of(
                TableDefinition.PK, s(Keys.agent(agentId)),
                TableDefinition.SK, s(Keys.idempotencySk(key)),
                "fingerprint", s(fingerprint),
                "status_code", n(response.status()),
                "response", s(response.body()),
                TableDefinition.TTL, n(now.plus(TTL).getEpochSecond()))));
    }
}
