package dev.purser.config;

import java.util.function.Supplier;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * The SDK clients' HTTP client, replaceable in place. A SnapStart snapshot is restored minutes or
 * days after it was taken, in another sandbox: sockets opened before the checkpoint point at
 * nothing. {@link #renew()} (called from the CRaC {@code afterRestore} hook) closes the old
 * client and builds a fresh one, so the SDK clients built at init keep working without being
 * rebuilt, and no request of a restored container is sent over a pre-snapshot connection pool.
 */
public final class RenewableHttpClient implements SdkHttpClient {
    private final Supplier<SdkHttpClient> factory;
    private volatile SdkHttpClient delegate;
    private volatile int generation;

    public RenewableHttpClient(Supplier<SdkHttpClient> factory) {
        this.factory = factory;
        this.delegate = factory.get();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return delegate.prepareRequest(request);
    }

    /** Replaces the underlying client; requests already prepared finish on the old one. */
    public synchronized void renew() {
        SdkHttpClient old = delegate;
        delegate = factory.get();
        generation++;
        old.close();
    }

    /** How many times the client was renewed (tests check the restore hook ran). */
    public int generation() {
        return generation;
    }

    @Override
    public String clientName() {
        return delegate.clientName();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
