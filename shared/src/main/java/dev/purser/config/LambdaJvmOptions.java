package dev.purser.config;

/**
 * The JVM options every function runs with ({@code JAVA_TOOL_OPTIONS} in the stack) and the
 * bench's cold-start section starts its probe with: one constant, so the local figure is the
 * deployed configuration. Why each (docs/cold-start.md, measured by the bench):
 * <ul>
 *   <li>{@code -XX:+TieredCompilation -XX:TieredStopAtLevel=1}: C1 only. A Lambda's work per
 *       invocation is short; C2's compile time is spent on the same scarce CPU and pays back only
 *       after thousands of calls. C1 code is ready within the first calls.</li>
 *   <li>{@code -XX:+UseSerialGC}: one small heap, one thread doing the work; no GC worker threads
 *       to start and no concurrent barriers.</li>
 *   <li>{@code -Xshare:auto}: the JDK's default class-data archive when present (it is on the
 *       Lambda runtime), never an error when not.</li>
 * </ul>
 */
public final class LambdaJvmOptions {
    private LambdaJvmOptions() {}

    public static final String JAVA_TOOL_OPTIONS =
            "-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto";
}
