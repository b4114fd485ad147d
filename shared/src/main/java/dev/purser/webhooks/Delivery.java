package dev.purser.webhooks;

import static dev.purser.store.Attr.num;
import static dev.purser.store.Attr.numOrNull;
import static dev.purser.store.Attr.str;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;
import dev.purser.time.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One event's delivery to one subscription, with every attempt made (the latest
 * {@link #MAX_LOGGED} of them). The state moves pending → delivered, or pending → failed when the
 * retry window is exhausted; both are final.
 */
public record Delivery(
        String webhookId,
        String eventId,
        String eventType,
        String accountId,
        State state,
        int attempts,
        Instant createdAt,
        Instant firstAttemptAt,
        Instant lastAttemptAt,
        Integer lastStatusCode,
        Long lastLatencyMs,
        String lastError,
        Instant nextAttemptAt,
        List<Attempt> log) {

    static final int MAX_LOGGED = 20;

    public enum State {
        PENDING, DELIVERED, FAILED;

        public String wire() { return name().toLowerCase(java.util.Locale.ROOT); }

        static State fromWire(String s) { return valueOf(s.toUpperCase(java.util.Locale.ROOT)); }
    }

    /** @param statusCode 0 when no response arrived */
    public record Attempt(Instant at, int statusCode, long latencyMs, String error) {}

    public static Delivery start(String webhookId, String eventId, String eventType, String accountId, Instant now) {
        return new Delivery(webhookId, eventId, eventType, accountId, State.PENDING, 0, now, null, null, null, null,
                null, now, List.of());
    }

    public boolean isFinal() {
        return state != State.PENDING;
    }

    /** This delivery after one more attempt, its new state decided by the outcome and the clock. */
    public Delivery after(Attempt a) {
        List<Attempt> newLog = new ArrayList<>(log);
        newLog.add(a);
        if (newLog.size() > MAX_LOGGED) newLog = newLog.subList(newLog.size() - MAX_LOGGED, newLog.size());
        Instant first = firstAttemptAt == null ? a.at() : firstAttemptAt;
        int n = attempts + 1;
        boolean ok = a.statusCode() >= 200 && a.statusCode() < 300;
        State next;
        Instant nextAt;
        if (ok) {
            next = State.DELIVERED;
            nextAt = null;
        } else if (Duration.between(first, a.at()).compareTo(Backoff.WINDOW) >= 0) {
            next = State.FAILED;
            nextAt = null;
        } else {
            next = State.PENDING;
            nextAt = a.at().plus(Backoff.after(n));
        }
        return new Delivery(webhookId, eventId, eventType, accountId, next, n, createdAt, first, a.at(),
                a.statusCode() == 0 ? null : a.statusCode(), a.latencyMs(), a.error(), nextAt, List.copyOf(newLog));
    }

    public static Delivery fromItem(Map<String, AttributeValue> item) {
        List<Attempt> log = new ArrayList<>();
        AttributeValue l = item.get("log");
        if (l != null && l.hasL()) {
            for (AttributeValue v : l.l()) {
                Map<String, AttributeValue> m = v.m();
                log.add(new Attempt(Times.parse(str(m, "at")), (int) num(m, "status_code"), num(m, "latency_ms"),
                        str(m, "error")));
            }
        }
        Long status = numOrNull(item, "last_status_code");
        return new Delivery(str(item, "webhook_id"), str(item, "event_id"), str(item, "event_type"),
                str(item, "account_id"), State.fromWire(str(item, "state")), (int) num(item, "attempts"),
                Times.parse(str(item, "created_at")), Times.parse(str(item, "first_attempt_at")),
                Times.parse(str(item, "last_attempt_at")), status == null ? null : status.intValue(),
                numOrNull(item, "last_latency_ms"), str(item, "last_error"),
                Times.parse(str(item, "next_attempt_at")), log);
    }

    /** The owner API's delivery. */
    public ObjectNode view() {
        ObjectNode o = Json.object();
        o.put("event_id", eventId);
        o.put("event_type", eventType);
        o.put("state", state.wire());
        o.put("attempts", attempts);
        o.put("last_status_code", lastStatusCode);
        o.put("latency_ms", lastLatencyMs);
        o.put("last_error", lastError);
        o.put("next_attempt_at", Times.wire(nextAttemptAt));
        o.put("created_at", Times.wire(createdAt));
        o.put("last_attempt_at", Times.wire(lastAttemptAt));
        var arr = o.putArray("attempt_log");
        for (Attempt a : log) {
            arr.addObject().put("at", Times.wire(a.at()))
                    .put("status_code", a.statusCode() == 0 ? null : a.statusCode())
                    .put("latency_ms", a.latencyMs()).put("error", a.error());
        }
        return o;
    }
}
