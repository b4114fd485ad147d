package dev.purser.observe;

/**
 * What one invocation did, gathered while it runs so the handler can log and measure it at the
 * end: who it acted for (account and agent ids, never a token or key) and what it cost in DynamoDB
 * round trips and cancelled transactions (lost races the API retried). One per thread: a Lambda
 * container runs one invocation at a time, the local runtime one per front worker thread.
 *
 * <p>Services record into {@link #current()} without knowing whether anyone observes; outside
 * {@link #begin()}/{@link #end()} the records go nowhere.
 */
public final class Observation {
    private static final ThreadLocal<Observation> CURRENT = new ThreadLocal<>();
    private static final Observation NOWHERE = new Observation();

    private String accountId;
    private String agentId;
    private int roundTrips;
    private int cancelledTransactions;

    private Observation() {}

    /** Starts a fresh observation on this thread (replacing any left over). */
    public static Observation begin() {
        Observation o = new Observation();
        CURRENT.set(o);
        return o;
    }

    /** The thread's observation, or one that records nowhere. */
    public static Observation current() {
        Observation o = CURRENT.get();
        return o == null ? NOWHERE : o;
    }

    /** Ends the thread's observation and returns it. */
    public static Observation end() {
        Observation o = current();
        CURRENT.remove();
        return o;
    }

    /** The account (and agent, if any) the invocation acts for, once authentication knows them. */
    public void identify(String accountId, String agentId) {
        if (this == NOWHERE) return;
        this.accountId = accountId;
        if (agentId != null) this.agentId = agentId;
    }

    /** One request to storage (the SDK's interceptor, or the local runtime's in-process client). */
    public void roundTrip() {
        if (this != NOWHERE) roundTrips++;
    }

    public void cancelledTransaction() {
        if (this != NOWHERE) cancelledTransactions++;
    }

    public String accountId() { return accountId; }

    public String agentId() { return agentId; }

    public int roundTrips() { return roundTrips; }

    public int cancelledTransactions() { return cancelledTransactions; }
}
