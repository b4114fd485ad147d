package dev.purser.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.purser.openapi.OpenApiDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 28: openapi-generator's Java client (the CLI from Maven Central, pinned in this module's
 * pom and copied to {@code target/openapi-generator}) generated from the served document, then
 * built by Maven with its own generated tests ({@code mvn package}). The webhook subscription API
 * and the webhook payloads are separate APIs (distinct tags): one tag for both made the payloads
 * overwrite the subscription operations.
 */
class OpenApiJavaClientTest {
    static final Path WORK = Path.of("target/openapi-java").toAbsolutePath();

    @Test
    void theGeneratedJavaClientBuildsWithItsTestsAndHasTheWebhookApi() throws Exception {
        Path cli = Path.of("target/openapi-generator/openapi-generator-cli.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(cli), "the build copies the generator to " + cli);
        Files.createDirectories(WORK);
        Path spec = WORK.resolve("openapi.json");
        Files.writeString(spec, OpenApiDocument.get().text());
        Path client = WORK.resolve("client");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        UpstreamTools.Result gen = UpstreamTools.run(WORK, Map.of(), 600, java, "-Xmx1g", "-jar", cli.toString(), "generate",
                "-g", "java", "-i", spec.toString(), "-o", client.toString(), "--skip-validate-spec",
                "--api-package", "dev.purser.client.api", "--model-package", "dev.purser.client.model",
                "--invoker-package", "dev.purser.client", "--group-id", "dev.purser", "--artifact-id", "purser-client",
                "--artifact-version", "0.1.0");
        assertEquals(0, gen.exit(), gen.output());
        Path api = client.resolve("src/main/java/dev/purser/client/api");
        for (String name : List.of("WebhooksApi.java", "WebhookEventsApi.java", "AgentsApi.java", "PaymentsApi.java")) {
            assertTrue(Files.isRegularFile(api.resolve(name)), "generated " + name);
        }
        String webhooks = Files.readString(api.resolve("WebhooksApi.java"));
        assertTrue(webhooks.contains("createWebhook") && webhooks.contains("listWebhookDeliveries"), "the subscription API");

        List<String> mvn = new ArrayList<>(List.of("mvn", "-B", "-q", "package", "-Dmaven.javadoc.skip=true"));
        String repo = System.getProperty("purser.maven.repo.local", "");
        if (!repo.isBlank()) mvn.add("-Dmaven.repo.local=" + repo);
        UpstreamTools.Result build = UpstreamTools.run(client, Map.of("MAVEN_OPTS", "-Xmx1g"), 900, mvn.toArray(String[]::new));
        assertEquals(0, build.exit(), "mvn package of the generated client:\n" + build.output());
        assertTrue(Files.isDirectory(client.resolve("target/test-classes/dev/purser/client/api")), "its tests compiled");
        assertTrue(Files.isRegularFile(client.resolve("target/purser-client-0.1.0.jar")), "its jar");
    }
}
