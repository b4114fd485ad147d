package dev.purser.local;

import java.util.List;

/**
 * The JVM options the local runtime is started with (README: {@code java -Xmx256m … -jar
 * local/target/purser-local.jar}): a bounded heap, so one machine's default stays light. The
 * benchmark starts the runtime with exactly these.
 */
public final class LocalJvmOptions {
    /** Heap at most 256 MB; change it with another {@code -Xmx} (docs/benchmarks.md has the figures). */
    public static final List<String> OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC");

    private LocalJvmOptions() {}
}
