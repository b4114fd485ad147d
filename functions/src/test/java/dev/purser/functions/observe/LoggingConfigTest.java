package dev.purser.functions.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The two log4j2 configurations stay in step: the deployed one (JSON only, so a cold start never
 * builds an unused text layout) and the local runtime's {@code --log-format text} one have the
 * same loggers and levels, each one appender, and the root logger writes to it.
 */
class LoggingConfigTest {

    @Test
    void theJsonAndTextConfigurationsHaveTheSameLoggersAndOneAppenderEach() throws Exception {
        Properties json = load("log4j2.properties");
        Properties text = load("log4j2-text.properties");
        assertEquals(loggers(json), loggers(text));
        assertFalse(loggers(json).isEmpty());
        assertEquals(Map.of("appender.json.layout.type", "JsonTemplateLayout"), layouts(json));
        assertEquals(Map.of("appender.text.layout.type", "PatternLayout"), layouts(text));
        assertEquals("json", json.getProperty("rootLogger.appenderRef.main.ref"));
        assertEquals("text", text.getProperty("rootLogger.appenderRef.main.ref"));
    }

    private static Map<String, String> loggers(Properties p) {
        Map<String, String> out = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith("logger.") || k.equals("rootLogger.level") || k.equals("status")) out.put(k, p.getProperty(k));
        }
        return out;
    }

    private static Map<String, String> layouts(Properties p) {
        Map<String, String> out = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith("appender.") && k.endsWith(".layout.type")) out.put(k, p.getProperty(k));
        }
        return out;
    }

    private static Properties load(String resource) throws Exception {
        Properties p = new Properties();
        try (InputStream in = LoggingConfigTest.class.getClassLoader().getResourceAsStream(resource)) {
            p.load(in);
        }
        return p;
    }
}
