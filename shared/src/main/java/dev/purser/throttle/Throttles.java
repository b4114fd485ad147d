package dev.purser.throttle;

import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.s;

import dev.purser.store.TableDefinition;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BinaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Per-minute counters that refuse abuse with a 429 (docs/limits.md):
 * <ul>
 *   <li><b>failed authentication per source IP and per credential prefix</b> (agent tokens, owner
 *       keys, the operator key, {@code /mcp}): after {@link #authFailuresPerMinute} failures in one
 *       UTC minute from a source, or with credentials sharing a prefix, further FAILURES are
 *       answered 429 until the minute ends; a valid credential is answered normally, so agents
 *       behind one address cannot lock each other out. The counters live in DynamoDB (one item
 *       per subject and minute, removed by TTL), so the limit holds across Lambda containers;</li>
 *   <li><b>owner API calls per account</b>: {@link #ownerCallsPerMinute} authenticated calls per
 *       account and UTC minute, counted in DynamoDB the same way.</li>
 * </ul>
 * A counter that cannot be written (DynamoDB throttling) fails open: an abuse guard must not turn
 * into an outage.
 */
public final class Throttles {
    private static final Logger LOG = Logger.getLogger(Throttles.class.getName());

    public static final String AUTH_FAILURES_PER_MINUTE = "PURSER_AUTH_FAILURES_PER_MINUTE";
    public static final String OWNER_CALLS_PER_MINUTE = "PURSER_OWNER_CALLS_PER_MINUTE";
    public static final int DEFAULT_AUTH_FAILURES_PER_MINUTE = 20;
    public static final int DEFAULT_OWNER_CALLS_PER_MINUTE = 600;

    /** Partition key prefix of every throttle counter (the fuzz tests leave these out of "state"). */
    public static final String PK_PREFIX = "THROTTLE#";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final int authFailuresPerMinute;
    private final int ownerCallsPerMinute;
    /** Source → epoch second its block ends, for sources this container saw over the limit. */
    private final Map<String, Long> blocked = new ConcurrentHashMap<>();

    public Throttles(DynamoDbClient dynamo, String table, Clock clock, int authFailuresPerMinute, int ownerCallsPerMinute) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.authFailuresPerMinute = authFailuresPerMinute;
        this.ownerCallsPerMinute = ownerCallsPerMinute;
    }

    /** From the deployment's settings: {@code env.apply(name, default)} reads one (config's {@code Env::get}). */
    public static Throttles fromEnv(BinaryOperator<String> env, DynamoDbClient dynamo, String table, Clock clock) {
        return new Throttles(dynamo, table, clock,
                Integer.parseInt(env.apply(AUTH_FAILURES_PER_MINUTE, String.valueOf(DEFAULT_AUTH_FAILURES_PER_MINUTE))),
                Integer.parseInt(env.apply(OWNER_CALLS_PER_MINUTE, String.valueOf(DEFAULT_OWNER_CALLS_PER_MINUTE))));
    }

    public int authFailuresPerMinute() { return authFailuresPerMinute; }

    public int ownerCallsPerMinute() { return ownerCallsPerMinute; }

    /** Seconds until {@code subject} is under the limit again, as this container saw it; 0 when not blocked. No I/O. */
    private long blockedSeconds(String subject) {
        Long until = blocked.get(subject);
        if (until == null) return 0;
        long now = clock.instant().getEpochSecond();
        if (now >= until) {
            blocked.remove(subject, until);
            return 0;
        }
        return until - now;
    }

    /**
     * Counts one failed authentication against its source address and against the prefix of the
     * credential presented ({@code null}: none); the seconds to wait when either is over the limit,
     * else 0. Only failures are ever counted or refused: a valid credential is never looked at
     * here. A subject this container already saw over the limit costs no write.
     */
    public long authFailed(String source, String credentialPrefix) {
        long wait = failure("AUTHFAIL#" + source(source));
        if (credentialPrefix != null && !credentialPrefix.isBlank()) {
            wait = Math.max(wait, failure("AUTHFAIL#PREFIX#" + source(credentialPrefix)));
        }
        return wait;
    }

    private long failure(String subject) {
        long wait = blockedSeconds(subject);
        if (wait > 0) return wait;
        wait = count(subject, authFailuresPerMinute);
        if (wait > 0) blocked.put(subject, clock.instant().getEpochSecond() + wait);
        return wait;
    }

    /** Counts one owner API call of {@code accountId}; the seconds to wait when over the limit, else 0. */
    public long ownerCall(String accountId) {
        return count("OWNER#" + accountId, ownerCallsPerMinute);
    }

    private long count(String subject, int limit) {
        Instant now = clock.instant();
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        long retryAfter = Math.max(1, minute.plusSeconds(60).getEpochSecond() - now.getEpochSecond());
        try {
            var out = dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(TableDefinition.PK, s(PK_PREFIX + subject), TableDefinition.SK, s("MIN#" + minute.getEpochSecond())))
                    .updateExpression("ADD n :one SET #ttl = if_not_exists(#ttl, :ttl)")
                    .expressionAttributeNames(Map.of("#ttl", TableDefinition.TTL))
                    .expressionAttributeValues(Map.of(":one", n(1), ":ttl", n(minute.getEpochSecond() + 180)))
                    .returnValues(ReturnValue.UPDATED_NEW));
            long count = Long.parseLong(out.attributes().get("n").n());
            return count > limit ? retryAfter : 0;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "throttle counter not written; failing open", e);
            return 0;
        }
    }

    /** Keeps counter keys within DynamoDB's key size whatever the event says. */
    private static String source(String ip) {
        if (ip == null || ip.isBlank()) return "unknown";
        return ip.length() > 64 ? ip.substring(0, 64) : ip;
    }
}
