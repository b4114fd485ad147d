package dev.purser.functions.priming;

import dev.purser.auth.Secrets;
import dev.purser.config.Purser;
import dev.purser.json.Json;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.LoggerFactory;

/**
 * A container's init on two lanes (docs/cold-start.md). Loading classes, not running Purser, is a
 * cold start, and one piece of it is long and independent of the rest: logging's initialisation
 * (slf4j binding log4j2, its plugins, configuration and Powertools' JSON layout, ~250 ms on this
 * machine), which the SDK's first class initialiser waits for. It runs on a second thread while
 * this one loads what needs no logging and no SDK: Purser's request parsing and policy engine,
 * and the JDK's TLS trust store and context that the HTTP client builds on. Then the SDK clients
 * are built here as before, on a logging that is ready.
 *
 * <p>The two lanes initialise no library in common: the logging lane slf4j, log4j2 and Powertools'
 * logging; this lane Purser's own pure code and the JDK's TLS classes. What both touch is
 * initialised on this thread before the second starts: Jackson (log4j2's configuration factories
 * initialise its {@code ObjectMapper}, {@code JsonNode} and {@code JsonParser} to see whether
 * they are there) and the JDK's security providers ({@code java.security.Security}, which log4j2's
 * file permissions read). So no class initialiser of one lane waits for one the other lane is
 * running (the way two threads can deadlock in class initialisation). The second thread has
 * ended before the handler's constructor returns, so nothing of it outlives init or enters a
 * SnapStart snapshot.
 */
public final class ContainerInit {
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private ContainerInit() {}

    /** The container's {@link Purser} ({@link Purser#fromEnvironment()}), the first time built on two lanes. */
    public static Purser purser() {
        if (STARTED.compareAndSet(false, true)) {
            // Jackson and the JDK's security providers first, on this thread alone: log4j2's
            // configuration factories initialise Jackson's ObjectMapper, JsonNode and JsonParser
            // to see whether they are there, and its file permissions read java.security.Security;
            // two threads initialising the same classes at once is how class initialisation
            // deadlocks.
            Json.parseTrusted("{\"priming\": true}");
            Secrets.sha256Hex(PrimingItems.TOKEN);
            Thread logging = new Thread(() -> LoggerFactory.getLogger("purser"), "purser-init-logging");
            logging.setDaemon(true);
            logging.start();
            independentOfLogging();
            try {
                logging.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Purser.fromEnvironment();
    }

    /** What the first request needs that waits for neither logging nor the SDK. */
    static void independentOfLogging() {
        Priming.json();
        Priming.engine();
        try {
            // The HTTP client's TLS context: the JSSE provider and the default trust store (the
            // JDK caches the parsed certificates, so the client's own init reuses them).
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init((KeyStore) null);
            SSLContext.getInstance("TLS").init(null, trust.getTrustManagers(), null);
        } catch (GeneralSecurityException e) {
            // Only a head start: the HTTP client meets the same problem and reports it.
        }
    }
}
