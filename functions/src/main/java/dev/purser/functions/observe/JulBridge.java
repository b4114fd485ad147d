package dev.purser.functions.observe;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code shared} logs through java.util.logging (it has no logging dependency); this handler
 * sends those records to SLF4J, so they come out as the same structured JSON lines as the
 * functions' own logs instead of plain text on stderr. A few lines instead of another jar.
 */
final class JulBridge extends Handler {
    private static volatile boolean installed;

    static synchronized void install() {
        if (installed) return;
        java.util.logging.Logger root = LogManager.getLogManager().getLogger("");
        for (Handler h : root.getHandlers()) root.removeHandler(h);
        root.addHandler(new JulBridge());
        installed = true;
    }

    @Override
    public void publish(LogRecord r) {
        Logger log = LoggerFactory.getLogger(r.getLoggerName() == null ? "jul" : r.getLoggerName());
        String msg = r.getMessage();
        Throwable t = r.getThrown();
        int level = r.getLevel().intValue();
        if (level >= Level.SEVERE.intValue()) log.error(msg, t);
        else if (level >= Level.WARNING.intValue()) log.warn(msg, t);
        else if (level >= Level.INFO.intValue()) log.info(msg, t);
        else log.debug(msg, t);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
