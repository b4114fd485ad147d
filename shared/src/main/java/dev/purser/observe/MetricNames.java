package dev.purser.observe;

/**
 * The CloudWatch metrics Purser emits (EMF, from the functions) and the stack's alarms and
 * dashboard read: one list, so the two cannot drift. Every metric carries the single dimension
 * {@code service = purser}.
 */
public final class MetricNames {
    private MetricNames() {}

    public static final String NAMESPACE = "Purser";
    public static final String SERVICE_DIMENSION = "service";
    public static final String SERVICE = "purser";

    /** One per decision ({@code POST /requests} answered 201), and one per outcome. */
    public static final String DECISIONS = "Decisions";
    public static final String DECISIONS_AUTO_APPROVED = "DecisionsAutoApproved";
    public static final String DECISIONS_PENDING = "DecisionsPending";
    public static final String DECISIONS_REJECTED = "DecisionsRejected";
    /** Handler time of a decision, milliseconds (the alarm watches its p99). */
    public static final String DECISION_LATENCY = "DecisionLatency";
    /** DynamoDB requests sent for one decision (2 warm, 3 on a container's first call of a token). */
    public static final String DECISION_ROUND_TRIPS = "DecisionRoundTrips";
    /** Cancelled transactions per decision: lost races the API retried. */
    public static final String DECISION_LOST_RACES = "DecisionLostRaces";
    /** API answers by class. */
    public static final String API_5XX = "Api5xx";
    public static final String API_4XX = "Api4xx";
    /** The expiry sweep: pending requests examined and expired per run. */
    public static final String SWEEP_EXAMINED = "SweepExamined";
    public static final String SWEEP_EXPIRED = "SweepExpired";
    /** The x402 SLA scan: due payment tokens examined, released unredeemed at expiry, refunded for a breached SLA. */
    public static final String SLA_SCAN_EXAMINED = "SlaScanExamined";
    public static final String SLA_SCAN_EXPIRED = "SlaScanExpired";
    public static final String SLA_SCAN_BREACHED = "SlaScanBreached";
    /** Webhook deliveries: one attempt per POST to a subscriber, its latency, and failed attempts. */
    public static final String WEBHOOK_ATTEMPTS = "WebhookDeliveryAttempts";
    public static final String WEBHOOK_LATENCY = "WebhookDeliveryLatency";
    public static final String WEBHOOK_FAILURES = "WebhookDeliveryFailures";
}
