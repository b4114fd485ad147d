package dev.purser.store;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;

/**
 * Whether a failure means the storage is slow, throttling or unreachable for now (a call that
 * timed out, a throttled or 503 answer, a refused connection), as opposed to a bug: the HTTP edge
 * answers it {@code 503} with {@code Retry-After} (docs/limits.md), never 500. Whatever such a
 * call did commit is replayed by a retry with the same {@code Idempotency-Key}.
 */
public final class StorageBusy {
    private StorageBusy() {}

    public static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ApiCallTimeoutException || t instanceof ApiCallAttemptTimeoutException) return true;
            if (t instanceof AwsServiceException s && (s.isThrottlingException() || s.statusCode() == 503)) return true;
            if (t instanceof SocketTimeoutException || t instanceof HttpTimeoutException || t instanceof ConnectException) return true;
        }
        return false;
    }
}
