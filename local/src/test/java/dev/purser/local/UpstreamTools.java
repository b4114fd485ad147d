package dev.purser.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The upstream tools the tests run against Purser as separate processes: the npm packages pinned
 * in {@code src/test/node/package.json} and its lock file (copied with the scripts to
 * {@code target/node} and installed there once per build by {@code npm ci}; CI has Node 20 and
 * npm), and {@code java}/{@code mvn} for openapi-generator. A missing {@code npm} fails the test:
 * these checks are issue 28's acceptance, not optional extras.
 */
final class UpstreamTools {
    static final Path SOURCE = Path.of("src/test/node");
    static final Path DIR = Path.of("target/node");
    private static boolean installed;

    private UpstreamTools() {}

    /** {@code target/node} with its node_modules installed from the lock file. */
    static synchronized Path install() throws Exception {
        if (installed) return DIR.toAbsolutePath();
        Files.createDirectories(DIR);
        try (var files = Files.list(SOURCE)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, DIR.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path stamp = DIR.resolve("node_modules/.purser-lock");
        String lock = Files.readString(DIR.resolve("package-lock.json"));
        if (!Files.exists(stamp) || !Files.readString(stamp).equals(lock)) {
            Result r = run(DIR, Map.of(), 600, "npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts");
            assertEquals(0, r.exit(), "npm ci failed:\n" + r.output());
            Files.writeString(stamp, lock);
        }
        installed = true;
        return DIR.toAbsolutePath();
    }

    record Result(int exit, String output) {}

    /** Runs a command in {@code dir} with stdout and stderr merged; fails the test when it outlives {@code seconds}. */
    static Result run(Path dir, Map<String, String> env, int seconds, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(command));
        Path log = Files.createTempFile("purser-node", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish in " + seconds + " s:\n" + read(log));
        }
        return new Result(p.exitValue(), read(log));
    }

    private static String read(Path log) throws IOException {
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        return out;
    }
}
