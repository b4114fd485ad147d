package dev.purser.store;

/**
 * Every item key of the single table. Partition keys name the owning entity; sort keys name the
 * item within it, so an entity's items sit together and each lookup is a direct GetItem.
 */
public final class Keys {
    private Keys() {}

    public static final String ACCOUNT_SK = "ACCOUNT";
    public static final String AGENT_SK = "AGENT";
    public static final String REQUEST_SK = "REQUEST";
    public static final String TOKEN_SK = "TOKEN";
    public static final String OWNER_KEY_SK = "OWNERKEY";
    public static final String EVENT_SK = "EVENT";
    public static final String WEBHOOK_SK = "WEBHOOK";

    public static String account(String accountId) { return "ACCOUNT#" + accountId; }

    /** Account lifetime money (spent, held, used = spent + held) in one currency. */
    public static String accountTotalsSk(String currency) { return "TOTALS#" + currency; }

    /** A calendar-window counter: {@code WINDOW#USD#D#2026-11-23}, {@code #W#2026-W48}, {@code #M#2026-11}. */
    public static String windowSk(String currency, char kind, String period) {
        return "WINDOW#" + currency + "#" + kind + "#" + period;
    }

    /** A temporal total rule's own counter. */
    public static String ruleCounterSk(String ruleId, String currency) { return "RULE#" + ruleId + "#" + currency; }

    /** Marks that an account external id is taken (agent registration is idempotent by it). */
    public static String externalIdSk(String externalId) { return "EXTERNAL#" + externalId; }

    public static String agent(String agentId) { return "AGENT#" + agentId; }

    /** Accepted requests in one UTC minute ({@code M}) or hour ({@code H}) bucket. */
    public static String velocitySk(char scope, String bucket) { return "VELOCITY#" + scope + "#" + bucket; }

    /** The first velocity rejection of a window, whose request id later rejections reuse. */
    public static String velocityRejectionSk(char scope, String bucket) { return "VELREJ#" + scope + "#" + bucket; }

    /** POSTs of one agent in one UTC minute: the 60/min rate limit. */
    public static String rateSk(String minuteBucket) { return "RATE#" + minuteBucket; }

    public static String idempotencySk(String key) { return "IDEMPOTENCY#" + key; }

    public static String request(String requestId) { return "REQUEST#" + requestId; }

    public static String token(String tokenHash) { return "TOKEN#" + tokenHash; }

    public static String ownerKey(String keyHash) { return "OWNERKEY#" + keyHash; }

    public static String event(String eventId) { return "EVENT#" + eventId; }

    public static String webhook(String webhookId) { return "WEBHOOK#" + webhookId; }

    public static String deliverySk(String eventId) { return "DELIVERY#" + eventId; }

    public static String actionLinkSk(String requestId) { return "ACTION#" + requestId; }

    // GSI partition keys
    public static String agentRequests(String agentId) { return "AGENT#" + agentId + "#REQUESTS"; }
    public static String accountRequests(String accountId) { return "ACCOUNT#" + accountId + "#REQUESTS"; }
    public static String accountAgents(String accountId) { return "ACCOUNT#" + accountId + "#AGENTS"; }
    public static String agentTokens(String agentId) { return "AGENT#" + agentId + "#TOKENS"; }
    public static String accountOwnerKeys(String accountId) { return "ACCOUNT#" + accountId + "#OWNERKEYS"; }
    public static String accountWebhooks(String accountId) { return "ACCOUNT#" + accountId + "#WEBHOOKS"; }
    public static String webhookDeliveries(String webhookId) { return "WEBHOOK#" + webhookId + "#DELIVERIES"; }

    /** The sparse expiry index has one partition: the sweep reads due requests in expiry order. */
    public static final String DUE_PARTITION = "DUE";
}
