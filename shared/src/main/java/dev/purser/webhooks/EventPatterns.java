package dev.purser.webhooks;

import dev.purser.events.EventType;
import java.util.ArrayList;
import java.util.List;

/**
 * What a subscription listens to: exact event names ({@code request.approved}), prefix patterns
 * ending in {@code .*} ({@code request.*}, {@code agent.token.*}) or {@code *} for everything.
 * A pattern must match at least one catalogued event, so a typo is refused at subscription time
 * rather than silently never firing. {@code webhook.test} is never subscribed to: it goes only to
 * the subscription it tests.
 */
public final class EventPatterns {
    private EventPatterns() {}

    /** The problems with these patterns, empty when they are all valid. */
    public static List<String> problems(List<String> patterns) {
        List<String> problems = new ArrayList<>();
        if (patterns.isEmpty()) problems.add("events must name at least one event or pattern");
        for (String p : patterns) {
            boolean any = false;
            for (EventType t : EventType.values()) {
                if (t != EventType.WEBHOOK_TEST && matches(p, t.wire())) any = true;
            }
            if (!any) problems.add("'" + p + "' matches no event of the catalogue");
        }
        return problems;
    }

    public static boolean matches(String pattern, String type) {
        if (pattern.equals("*")) return true;
        if (pattern.endsWith(".*")) return type.startsWith(pattern.substring(0, pattern.length() - 1));
        return pattern.equals(type);
    }

    public static boolean anyMatches(List<String> patterns, String type) {
        for (String p : patterns) if (matches(p, type)) return true;
        return false;
    }
}
