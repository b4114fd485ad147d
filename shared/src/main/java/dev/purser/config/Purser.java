package dev.purser.config;

import dev.purser.payments.PaymentLinks;
import dev.purser.payouts.PayoutLinks;
import dev.purser.requests.RequestLinks;
import dev.purser.requests.DecisionReader;
import dev.purser.requests.RequestConfirmations;
import dev.purser.requests.RequestDecisions;
import dev.purser.requests.RequestCreator;
import dev.purser.requests.RequestLifecycle;
import dev.purser.requests.RequestQueries;
import dev.purser.throttle.Throttles;
import dev.purser.time.Times;
import java.time.Clock;
import java.time.Instant;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Purser's wiring: the clients and stores one container needs, built once at init (outside any
 * handler method) and shared by every invocation. Plain constructors, no DI framework, so a cold
 * start pays only for what it uses. Tests build it against DynamoDB Local with a fake clock.
 */
public final class Purser {
    private final Env env;
    private final Clock clock;
    private final DynamoDbClient dynamo;
    private final String table;
    private final DecisionReader reader;
    private final RequestCreator creator;
    private final RequestLifecycle lifecycle;
    private final RequestQueries queries;
    private final RequestDecisions decisions;
    private final RequestConfirmations confirmations;
    private final Throttles throttles;

    public Purser(Env env, Clock clock, DynamoDbClient dynamo) {
        this.env = env;
        this.clock = clock;
        this.dynamo = dynamo;
        this.table = env.require(Env.TABLE_NAME);
        this.reader = new DecisionReader(dynamo, table);
        this.creator = new RequestCreator(dynamo, table);
        this.lifecycle = new RequestLifecycle(dynamo, table,
                RequestLinks.any(new PaymentLinks(dynamo, table), new PayoutLinks(dynamo, table)));
        this.queries = new RequestQueries(dynamo, table);
        this.decisions = new RequestDecisions(reader, creator, clock);
        this.confirmations = new RequestConfirmations(reader, lifecycle, dynamo, table, clock);
        this.throttles = Throttles.fromEnv(env::get, dynamo, table, clock);
    }

    private static volatile Purser fromEnvironment;

    /** The container's instance, configured from the environment (Lambda) or system properties (local). */
    public static Purser fromEnvironment() {
        Purser p = fromEnvironment;
        if (p == null) {
            synchronized (Purser.class) {
                p = fromEnvironment;
                if (p == null) {
                    Env env = Env.system();
                    fromEnvironment = p = new Purser(env, Clock.systemUTC(), new AwsClients(env).dynamo());
                }
            }
        }
        return p;
    }

    public Env env() { return env; }

    public Clock clock() { return clock; }

    /** Now, at the microsecond precision Purser stores. */
    public Instant now() { return Times.micros(clock.instant()); }

    public DynamoDbClient dynamo() { return dynamo; }

    public String table() { return table; }

    public DecisionReader reader() { return reader; }

    public RequestCreator creator() { return creator; }

    public RequestLifecycle lifecycle() { return lifecycle; }

    public RequestQueries queries() { return queries; }

    /** Use case: an agent asks before it spends (and its dry run). */
    public RequestDecisions decisions() { return decisions; }

    /** Failed-authentication and owner-call limits (429s), shared by every HTTP function. */
    public Throttles throttles() { return throttles; }

    /** Use case: an agent confirms a purchase. */
    public RequestConfirmations confirmations() { return confirmations; }
}
