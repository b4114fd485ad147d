package dev.purser.events;

import dev.purser.json.Json;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Who consumes domain events, as a table of pattern → target, defined once: the CDK stack makes
 * one EventBridge rule per entry ({@link Pattern#json()}), and the local bus adapter applies
 * {@link #matching} to the same entries, so the cloud and the local runtime cannot route
 * differently. A new consumer (an SLA scan, a ledger projection, notifications) is a new entry
 * and a new target; the webhook path is untouched.
 */
public enum EventRoute {
    /** Every Purser event goes to the webhook queue (the dispatcher filters by subscription). */
    WEBHOOKS("ToWebhookQueue", Pattern.any(), Target.WEBHOOK_QUEUE);

    /** Every event Purser publishes carries this {@code source}. */
    public static final String SOURCE = "purser";

    /** Where matched events go. Each target is a queue the stack (and the local runtime) owns. */
    public enum Target {
        WEBHOOK_QUEUE
    }

    /**
     * An EventBridge pattern on {@code source} (always Purser's) and, optionally,
     * {@code detail-type} (the event types, e.g. {@code request.pending}); empty = every type.
     */
    public record Pattern(Set<String> detailTypes) {
        public static Pattern any() {
            return new Pattern(Set.of());
        }

        public static Pattern of(EventType... types) {
            return new Pattern(Set.copyOf(Arrays.stream(types).map(EventType::wire).toList()));
        }

        public boolean matches(String source, String detailType) {
            return SOURCE.equals(source) && (detailTypes.isEmpty() || detailTypes.contains(detailType));
        }

        /** The rule's event pattern, e.g. {@code {"source":["purser"]}}. */
        public String json() {
            var pattern = Json.object();
            pattern.putArray("source").add(SOURCE);
            if (!detailTypes.isEmpty()) {
                var types = pattern.putArray("detail-type");
                detailTypes.stream().sorted().forEach(types::add);
            }
            return Json.write(pattern);
        }
    }

    private final String ruleName;
    private final Pattern pattern;
    private final Target target;

    EventRoute(String ruleName, Pattern pattern, Target target) {
        this.ruleName = ruleName;
        this.pattern = pattern;
        this.target = target;
    }

    /** The construct id of the rule in the stack. */
    public String ruleName() { return ruleName; }

    public Pattern pattern() { return pattern; }

    public Target target() { return target; }

    /** Every route an event of this source and type takes (EventBridge fans out to each). */
    public static List<EventRoute> matching(String source, String detailType) {
        return Arrays.stream(values()).filter(r -> r.pattern.matches(source, detailType)).toList();
    }

    /** The webhook rule's pattern, {@code {"source":["purser"]}}. */
    public static String patternJson() {
        return WEBHOOKS.pattern.json();
    }
}
