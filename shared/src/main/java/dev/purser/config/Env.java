package dev.purser.config;

import java.util.Map;
import java.util.Optional;

/**
 * Configuration lookup: a JVM system property wins over the environment variable of the same name.
 * Lambda sets environment variables; the local runtime, which hosts every handler in one JVM, sets
 * system properties before any handler class is loaded.
 */
public record Env(Map<String, String> overrides) {

    public static final String TABLE_NAME = "PURSER_TABLE_NAME";
    public static final String WEBHOOK_QUEUE_URL = "PURSER_WEBHOOK_QUEUE_URL";
    public static final String EVENT_BUS_NAME = "PURSER_EVENT_BUS_NAME";
    public static final String LINK_SIGNING_SECRET = "PURSER_LINK_SIGNING_SECRET";
    public static final String PUBLIC_BASE_URL = "PURSER_PUBLIC_BASE_URL";
    public static final String ALLOW_PRIVATE_WEBHOOK_URLS = "PURSER_ALLOW_PRIVATE_WEBHOOK_URLS";
    /** Loopback receivers only (127.0.0.0/8, ::1), for local development: the local runtime's {@code --allow-loopback-webhooks}. */
    public static final String ALLOW_LOOPBACK_WEBHOOK_URLS = "PURSER_ALLOW_LOOPBACK_WEBHOOK_URLS";

    public static Env system() {
        return new Env(Map.of());
    }

    public Optional<String> get(String name) {
        String v = overrides.get(name);
        if (v == null) v = System.getProperty(name);
        if (v == null) v = System.getenv(name);
        return Optional.ofNullable(v).filter(s -> !s.isBlank());
    }

    public String require(String name) {
        return get(name).orElseThrow(() -> new IllegalStateException("missing configuration: " + name));
    }

    public String get(String name, String fallback) {
        return get(name).orElse(fallback);
    }

    public Env with(String name, String value) {
        var copy = new java.util.HashMap<>(overrides);
        copy.put(name, value);
        return new Env(Map.copyOf(copy));
    }
}
