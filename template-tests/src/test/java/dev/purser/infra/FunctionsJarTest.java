package dev.purser.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionsJarTest {

    @Test
    void foundFromASubdirectoryOfTheRepository(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("cdk.json"), "{}");
        Path jar = root.resolve("functions/target/purser-functions.jar");
        Files.createDirectories(jar.getParent());
        Files.write(jar, new byte[] {0x50, 0x4b});
        Path module = Files.createDirectories(root.resolve("template-tests"));

        assertEquals(jar, FunctionsJar.locate(module));
    }

    @Test
    void missingJarFailsSayingHowToBuildIt(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("cdk.json"), "{}");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> FunctionsJar.locate(root));
        assertTrue(e.getMessage().contains("functions/target/purser-functions.jar"), e.getMessage());
        assertTrue(e.getMessage().contains("mvn -B -DskipTests package"), e.getMessage());
    }

    @Test
    void outsideTheRepositoryFailsClearly(@TempDir Path elsewhere) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> FunctionsJar.locate(elsewhere));
        assertTrue(e.getMessage().contains("cdk.json"), e.getMessage());
    }
}
