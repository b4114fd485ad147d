package dev.purser.events;

import dev.purser.json.Json;

/**
 * The routing of domain events to the webhook queue, defined once: the CDK stack builds its
 * EventBridge rule from {@link #SOURCE}, and the local bus adapter applies {@link #matches} to
 * decide what reaches ElasticMQ, so the two cannot route differently.
 */
public final class EventRoute {
    /** Every event Purser publishes carries this {@code source}; the rule forwards exactly those. */
    public static final String SOURCE = "purser";

    private EventRoute() {}

    /** The rule's event pattern, {@code {"source":["purser"]}}. */
    public static String patternJson() {
        var pattern = Json.object();
        pattern.putArray("source").add(SOURCE);
        return Json.write(pattern);
    }

    /** What the rule does with an EventBridge event of this source. */
    public static boolean matches(String source) {
        return SOURCE.equals(source);
    }
}
