package dev.purser.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.events.BusEvent;
import dev.purser.events.EventType;
import dev.purser.json.Json;
import dev.purser.time.Times;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Delivers one event (one SQS message) to every subscription that wants it. Each (event,
 * subscription) pair has one {@link Delivery} record; a delivered or failed one is final and
 * skipped, so a message seen again (retry, duplicate publish, redelivery) never re-sends to a
 * subscriber that already answered 2xx. The message lives until every delivery is final: the
 * result says when it should be seen again.
 */
public final class WebhookDispatcher {
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    public static final String USER_AGENT = "Purser-Webhooks/1";

    /** What to do with the message. */
    public enum Next {
        /** Every delivery is delivered (or nobody wanted the event): delete the message. */
        DONE,
        /** Some delivery waits for a retry: make the message visible again after {@link Result#retryIn}. */
        RETRY,
        /** Some delivery exhausted its retries: keep failing the message so it reaches the DLQ. */
        EXHAUSTED
    }

    public record Result(Next next, Duration retryIn) {}

    private final WebhookStore webhooks;
    private final DeliveryStore deliveries;
    private final UrlGuard urlGuard;
    private final WebhookTransport transport;
    private final Clock clock;

    public WebhookDispatcher(WebhookStore webhooks, DeliveryStore deliveries, UrlGuard urlGuard,
                             WebhookTransport transport, Clock clock) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.urlGuard = urlGuard;
        this.transport = transport;
        this.clock = clock;
    }

    /** @param messageBody the EventBridge event SQS delivered */
    public Result dispatch(String messageBody) {
        JsonNode envelope = BusEvent.envelope(messageBody);
        String eventId = envelope.path("id").asText();
        String type = envelope.path("type").asText();
        String accountId = envelope.path("account_id").asText();
        // The exact bytes that are signed and sent: the envelope as Purser wrote it.
        String body = Json.write(envelope);

        Instant nextDue = null;
        boolean failed = false;
        for (Webhook w : targets(envelope, type, accountId)) {
            Instant now = Times.micros(clock.instant());
            Delivery d = deliveries.get(w.id(), eventId);
            if (d == null) d = Delivery.start(w.id(), eventId, type, accountId, now);
            if (!d.isFinal() && !d.nextAttemptAt().isAfter(now)) {
                d = d.after(attempt(w, eventId, type, body, now));
                deliveries.save(d);
            }
            if (d.state() == Delivery.State.FAILED) failed = true;
            if (d.state() == Delivery.State.PENDING) {
                nextDue = nextDue == null || d.nextAttemptAt().isBefore(nextDue) ? d.nextAttemptAt() : nextDue;
            }
        }
        if (nextDue != null) {
            Duration wait = Duration.between(clock.instant(), nextDue);
            return new Result(Next.RETRY, wait.isNegative() ? Duration.ZERO : wait);
        }
        return new Result(failed ? Next.EXHAUSTED : Next.DONE, null);
    }

    /** A test event goes to the subscription it tests only; others to every enabled match. */
    private List<Webhook> targets(JsonNode envelope, String type, String accountId) {
        if (EventType.WEBHOOK_TEST.wire().equals(type)) {
            Webhook w = webhooks.get(accountId, envelope.path("data").path("webhook_id").asText());
            return w == null ? List.of() : List.of(w);
        }
        List<Webhook> out = new ArrayList<>();
        for (Webhook w : webhooks.list(accountId)) if (w.wants(type)) out.add(w);
        return out;
    }

    private Delivery.Attempt attempt(Webhook w, String eventId, String type, String body, Instant now) {
        // Checked again at delivery: the name may resolve elsewhere than when it was saved.
        // Resolved once: the transport connects to exactly the addresses approved here.
        UrlGuard.Verdict verdict = urlGuard.check(w.url());
        if (verdict instanceof UrlGuard.Refused refused) return new Delivery.Attempt(now, 0, 0, "refused: " + refused.reason());
        UrlGuard.Allowed target = (UrlGuard.Allowed) verdict;
        long timestamp = now.getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("user-agent", USER_AGENT);
        headers.put("webhook-id", eventId);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", WebhookSignature.sign(w.secret(), eventId, timestamp, body));
        headers.put("purser-event-type", type);
        long started = System.nanoTime();
        WebhookTransport.Response r = transport.post(target, headers, body, TIMEOUT);
        long latencyMs = (System.nanoTime() - started) / 1_000_000;
        String error = r.statusCode() == 0 ? r.error()
                : r.statusCode() >= 200 && r.statusCode() < 300 ? null
                : r.statusCode() >= 300 && r.statusCode() < 400 ? "HTTP " + r.statusCode() + " (redirects are not followed)"
                : "HTTP " + r.statusCode();
        return new Delivery.Attempt(now, r.statusCode(), latencyMs, error);
    }
}
