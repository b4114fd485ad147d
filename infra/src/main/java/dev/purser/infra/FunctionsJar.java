package dev.purser.infra;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one deployment artifact of every Lambda: {@code functions/target/purser-functions.jar}, the
 * shaded jar built by {@code mvn package} of the {@code functions} module.
 *
 * <p>The path is resolved against the repository root, found by walking up from the working
 * directory until {@code cdk.json}: the CDK CLI runs the app from the root, Surefire runs the
 * template tests from {@code template-tests/}, and both must reach the same file.
 */
public final class FunctionsJar {

    static final String ROOT_MARKER = "cdk.json";
    static final String RELATIVE_PATH = "functions/target/purser-functions.jar";

    private FunctionsJar() {}

    /** The jar, located from the current working directory. */
    public static Path locate() {
        return locate(Path.of("").toAbsolutePath());
    }

    /**
     * The jar, located from {@code startDir}. Fails with a message that says how to build it,
     * because an asset pointing at a missing file would otherwise surface as an obscure jsii error.
     */
    public static Path locate(Path startDir) {
        Path root = repositoryRoot(startDir);
        Path jar = root.resolve(RELATIVE_PATH);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Lambda deployment jar not found: " + jar
                    + ". Build it first from the repository root: mvn -B -DskipTests package");
        }
        return jar;
    }

    /**
     * Another deployment jar ({@link dev.purser.http.LambdaFunction.Artifact}) of the repository
     * the functions jar is in: the MCP server's comes from {@code mvn package} of {@code mcp/}.
     */
    public static Path locate(Path functionsJar, dev.purser.http.LambdaFunction.Artifact artifact) {
        Path jar = repositoryRoot(functionsJar.getParent()).resolve(artifact.relativePath());
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Lambda deployment jar not found: " + jar
                    + ". Build it first from the repository root: mvn -B -DskipTests package");
        }
        return jar;
    }

    static Path repositoryRoot(Path startDir) {
        for (Path dir = startDir.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(ROOT_MARKER))) {
                return dir;
            }
        }
        throw new IllegalStateException("No " + ROOT_MARKER + " in " + startDir.toAbsolutePath()
                + " or any parent: run from inside the Purser repository");
    }
}
