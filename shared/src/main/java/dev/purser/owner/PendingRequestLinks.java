package dev.purser.owner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.events.EventType;
import dev.purser.events.OutboxEvent;
import dev.purser.json.Json;
import dev.purser.time.Times;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Adds the one-click approve and reject links to {@code request.pending} events as the relay
 * publishes them ({@code data.links}). Done at publish time rather than in the create
 * transaction so a decision never pays for the signing key; the links are derived, so computing
 * them again on a replayed record gives the same URLs.
 */
public final class PendingRequestLinks implements UnaryOperator<OutboxEvent> {
    private final Supplier<ActionLinks> links;
    private volatile ActionLinks resolved;

    /** {@code links} is resolved on the first pending event only (it may read the key item). */
    public PendingRequestLinks(Supplier<ActionLinks> links) {
        this.links = links;
    }

    @Override
    public OutboxEvent apply(OutboxEvent event) {
        if (!EventType.REQUEST_PENDING.wire().equals(event.type())) return event;
        ObjectNode envelope = (ObjectNode) Json.parseTrusted(event.envelope());
        ObjectNode data = (ObjectNode) envelope.get("data");
        if (data == null || !data.hasNonNull("request_id") || !data.hasNonNull("expires_at")) return event;
        ActionLinks.Links l = actionLinks().forRequest(data.get("request_id").asText(),
                Times.parse(data.get("expires_at").asText()));
        data.putObject("links").put("approve_url", l.approveUrl()).put("reject_url", l.rejectUrl());
        return new OutboxEvent(event.eventId(), event.type(), Json.write(envelope));
    }

    private ActionLinks actionLinks() {
        ActionLinks a = resolved;
        if (a == null) resolved = a = links.get();
        return a;
    }
}
