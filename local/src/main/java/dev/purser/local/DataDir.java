package dev.purser.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The local runtime's data directory. It holds the database, the demo owner key and agent token
 * in plain text and the link-signing secret, so only its owner may read it: the directory is
 * 0700 and the secret files 0600 (on POSIX file systems; elsewhere the platform's defaults apply).
 * Existing directories and files are tightened at start.
 */
final class DataDir {
    static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private DataDir() {}

    /** Creates the directory (and its parents) if needed and makes it owner-only. */
    static Path ensure(Path dir) throws IOException {
        if (POSIX && !Files.exists(dir)) {
            if (dir.getParent() != null) Files.createDirectories(dir.getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
        } else {
            Files.createDirectories(dir);
        }
        if (POSIX) Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
        return dir;
    }

    /** Reads a secret file, tightening its permissions if an older version left it readable. */
    static String readSecret(Path file) throws IOException {
        if (POSIX) Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
        return Files.readString(file);
    }

    /**
     * Writes a secret file atomically, created 0600 (never readable by others, not even for a
     * moment) and flushed to disk before it replaces the old one.
     */
    static void writeSecret(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (POSIX) Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(StandardCharsets.UTF_8.encode(content));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Flushes a file's content to disk. */
    static void sync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }
}
