package dev.purser.http;

/**
 * Every Lambda function of the stack, defined once. The CDK stack creates one function per
 * constant; the local runtime registers one in-process handler per constant. Memory and timeout
 * are explained in docs/architecture.md ("Function sizing").
 */
public enum LambdaFunction {
    // Agent API (LetAgentPay-compatible)
    CREATE_REQUEST("CreateRequest", "dev.purser.functions.agent.CreateRequestHandler", Trigger.HTTP, 1024, 10),
    CHECK_REQUEST("CheckRequest", "dev.purser.functions.agent.CheckRequestHandler", Trigger.HTTP, 1024, 10),
    REQUEST_READS("RequestReads", "dev.purser.functions.agent.RequestReadsHandler", Trigger.HTTP, 1024, 10),
    CONFIRM_REQUEST("ConfirmRequest", "dev.purser.functions.agent.ConfirmRequestHandler", Trigger.HTTP, 1024, 10),
    X402("X402", "dev.purser.functions.agent.X402Handler", Trigger.HTTP, 1024, 10),
    SERVICES("Services", "dev.purser.functions.agent.ServicesHandler", Trigger.HTTP, 1024, 10),
    X402_TOKENS("X402Tokens", "dev.purser.functions.agent.X402TokensHandler", Trigger.HTTP, 1024, 10),
    X402_TOKEN_SCAN("X402TokenScan", "dev.purser.functions.agent.X402TokenScanHandler", Trigger.SCHEDULE, 1024, 60),
    EXPIRY_SWEEP("ExpirySweep", "dev.purser.functions.agent.ExpirySweepHandler", Trigger.SCHEDULE, 1024, 60),
    // Owner API
    OWNER_ACCOUNT("OwnerAccount", "dev.purser.functions.owner.AccountHandler", Trigger.HTTP, 1024, 10),
    OWNER_AGENTS("OwnerAgents", "dev.purser.functions.owner.AgentsHandler", Trigger.HTTP, 1024, 10),
    REQUEST_REVIEW("RequestReview", "dev.purser.functions.owner.RequestReviewHandler", Trigger.HTTP, 1024, 10),
    OWNER_WEBHOOKS("OwnerWebhooks", "dev.purser.functions.owner.WebhooksHandler", Trigger.HTTP, 1024, 10),
    BOOTSTRAP("Bootstrap", "dev.purser.functions.owner.BootstrapHandler", Trigger.INVOKE, 1024, 30),
    // Wallets, payments, payouts and their settlement job
    WALLETS("Wallets", "dev.purser.functions.ledger.WalletsHandler", Trigger.HTTP, 1024, 10),
    PAYMENTS("Payments", "dev.purser.functions.ledger.PaymentsHandler", Trigger.HTTP, 1024, 10),
    PAYOUTS("Payouts", "dev.purser.functions.ledger.PayoutsHandler", Trigger.HTTP, 1024, 10),
    SETTLEMENT("Settlement", "dev.purser.functions.ledger.SettlementHandler", Trigger.SCHEDULE, 1024, 60),
    // SpendGuard (estimate, authorize, reservations)
    SPEND_GUARD("SpendGuard", "dev.purser.functions.spendguard.SpendGuardHandler", Trigger.HTTP, 1024, 10),
    MANDATES("Mandates", "dev.purser.functions.mandates.MandatesHandler", Trigger.HTTP, 1024, 10),
    // Operator API (deployment-wide operator key)
    OPERATOR("Operator", "dev.purser.functions.operator.OperatorHandler", Trigger.HTTP, 1024, 10),
    // Disputes about payments (parties; the operator's side is served by OPERATOR)
    DISPUTES("Disputes", "dev.purser.functions.disputes.DisputesHandler", Trigger.HTTP, 1024, 10),
    // Discovery: the OpenAPI document, static JSON (no storage)
    DISCOVERY("Discovery", "dev.purser.functions.discovery.DiscoveryHandler", Trigger.HTTP, 512, 10),
    // Events
    OUTBOX_RELAY("OutboxRelay", "dev.purser.functions.events.OutboxRelayHandler", Trigger.STREAM, 1024, 60),
    WEBHOOK_DISPATCH("WebhookDispatch", "dev.purser.functions.events.WebhookDispatchHandler", Trigger.QUEUE, 1024, 60),
    // Agent tooling (docs/mcp.md): tool schemas for every framework; the MCP server over streamable
    // HTTP, deployed from the mcp module's own jar (the MCP SDK would not fit the functions jar).
    AI_TOOLS("AiTools", "dev.purser.functions.tools.AiToolsHandler", Trigger.HTTP, 512, 10),
    MCP("Mcp", "dev.purser.mcp.McpFunction", Trigger.HTTP, 1024, 30, Artifact.MCP),
    // The API's $default route and /health
    FALLBACK("Fallback", "dev.purser.functions.FallbackHandler", Trigger.HTTP, 512, 5);

    /** What invokes a function. */
    public enum Trigger { HTTP, SCHEDULE, STREAM, QUEUE, INVOKE }

    /** The deployment jar a function's code comes from, relative to the repository root. */
    public enum Artifact {
        FUNCTIONS("functions/target/purser-functions.jar"),
        MCP("mcp/target/purser-mcp.jar");

        private final String relativePath;

        Artifact(String relativePath) {
            this.relativePath = relativePath;
        }

        public String relativePath() { return relativePath; }
    }

    private final String id;
    private final String handlerClass;
    private final Trigger trigger;
    private final int memoryMb;
    private final int timeoutSeconds;
    private final Artifact artifact;

    LambdaFunction(String id, String handlerClass, Trigger trigger, int memoryMb, int timeoutSeconds) {
        this(id, handlerClass, trigger, memoryMb, timeoutSeconds, Artifact.FUNCTIONS);
    }

    LambdaFunction(String id, String handlerClass, Trigger trigger, int memoryMb, int timeoutSeconds, Artifact artifact) {
        this.artifact = artifact;
        this.id = id;
        this.handlerClass = handlerClass;
        this.trigger = trigger;
        this.memoryMb = memoryMb;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** Construct id in the stack and suffix of the deployed function name. */
    public String id() { return id; }

    /** Fully qualified handler class, the Lambda {@code handler} setting. */
    public String handlerClass() { return handlerClass; }

    public Trigger trigger() { return trigger; }

    public int memoryMb() { return memoryMb; }

    public int timeoutSeconds() { return timeoutSeconds; }

    /** Which jar holds the handler class. */
    public Artifact artifact() { return artifact; }
}
