package dev.purser.local;

import dev.purser.config.Purser;
import dev.purser.json.Json;
import dev.purser.operator.OperatorKeys;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The local runtime's operator key (what the Bootstrap function creates on AWS): created at the
 * first start of a data directory and kept in {@code operator-credentials.json} there, mode 0600,
 * so later starts print it again. Without a data directory every start is a fresh deployment and
 * gets a fresh key.
 */
final class OperatorCredential {
    static final String FILE = "operator-credentials.json";

    record Credential(String operatorKey, boolean created) {}

    private OperatorCredential() {}

    static Credential ensure(Purser purser, Path dataDir) throws IOException {
        Path file = dataDir == null ? null : dataDir.resolve(FILE);
        if (file != null && Files.exists(file)) {
            return new Credential(Json.parseTrusted(Files.readString(file)).get("operator_key").asText(), false);
        }
        var key = new OperatorKeys(purser.dynamo(), purser.table()).create("local", purser.now());
        if (file != null) {
            if (!Files.exists(dataDir)) {
                Files.createDirectories(dataDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            try {
                // Created 0600 from the start: never readable by others, not even for a moment.
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                // a concurrent start: ours overwrites below, still 0600
            }
            Files.writeString(file, Json.write(Json.object().put("operator_key", key.secret()).put("key_id", key.keyId())));
        }
        return new Credential(key.secret(), true);
    }
}
