package dev.purser.functions.priming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.purser.config.Purser;
import dev.purser.functions.agent.CreateRequestHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A Lambda container's init as Lambda runs it: a fresh JVM calls a handler's no-argument
 * constructor, which builds the container's {@link Purser} on two lanes ({@link ContainerInit}).
 * Each child JVM must finish its constructor (a class-initialisation deadlock between the lanes
 * would hang it), get the container's one {@code Purser}, and leave no init thread behind.
 * Several JVMs, because a deadlock would depend on timing.
 */
class ContainerInitTest {
    static final int JVMS = 4;

    @Test
    void freshJvmsBuildTheContainerOnTwoLanesAndLeaveNoThreadBehind() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int i = 0; i < JVMS; i++) {
            List<String> cmd = new ArrayList<>(List.of(java,
                    "-DPURSER_TABLE_NAME=purser-init-test", "-DAWS_REGION=us-east-1",
                    "-Daws.accessKeyId=local", "-Daws.secretAccessKey=local", "-Dpurser.log.level=WARN",
                    "-cp", System.getProperty("java.class.path"), Child.class.getName()));
            if (i % 2 == 1) cmd.addAll(1, List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            boolean ended = p.waitFor(60, TimeUnit.SECONDS);
            if (!ended) p.destroyForcibly();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(ended, "the handler's constructor never returned:\n" + out);
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("CONTAINER READY"), out);
        }
    }

    /** What Lambda does at init: the handler's no-argument constructor, from configuration. */
    public static final class Child {
        public static void main(String[] args) {
            new CreateRequestHandler();
            if (ContainerInit.purser() != Purser.fromEnvironment()) throw new AssertionError("two containers' Purser");
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals("purser-init-logging")) throw new AssertionError("the logging lane outlived init");
            }
            System.out.println("CONTAINER READY");
            System.exit(0);
        }
    }
}
