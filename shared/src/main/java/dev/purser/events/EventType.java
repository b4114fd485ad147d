package dev.purser.events;

/** The event catalogue (docs/events.md). */
public enum EventType {
    REQUEST_AUTO_APPROVED("request.auto_approved"),
    REQUEST_PENDING("request.pending"),
    REQUEST_APPROVED("request.approved"),
    REQUEST_REJECTED("request.rejected"),
    REQUEST_EXPIRED("request.expired"),
    REQUEST_COMPLETED("request.completed"),
    REQUEST_FAILED("request.failed"),
    AGENT_REGISTERED("agent.registered"),
    AGENT_UPDATED("agent.updated"),
    AGENT_DEREGISTERED("agent.deregistered"),
    AGENT_TOKEN_CREATED("agent.token.created"),
    AGENT_TOKEN_REVOKED("agent.token.revoked"),
    AGENT_LIMIT_APPROACHING("agent.limit_approaching"),
    AGENT_LIMIT_EXCEEDED("agent.limit_exceeded"),
    ACCOUNT_KILL_SWITCH("account.kill_switch"),
    WEBHOOK_TEST("webhook.test"),
    // Wallets, payments and payouts (docs/ledger.md)
    WALLET_CREATED("wallet.created"),
    WALLET_FUNDED("wallet.funded"),
    PAYMENT_INITIATED("payment.initiated"),
    PAYMENT_PENDING("payment.pending"),
    PAYMENT_SUBMITTED("payment.submitted"),
    PAYMENT_SETTLING("payment.settling"),
    PAYMENT_COMPLETED("payment.completed"),
    PAYMENT_FAILED("payment.failed"),
    PAYMENT_REFUNDED("payment.refunded"),
    PAYOUT_INITIATED("payout.initiated"),
    PAYOUT_PENDING_APPROVAL("payout.pending_approval"),
    PAYOUT_COMPLETED("payout.completed"),
    PAYOUT_FAILED("payout.failed"),
    // SpendGuard reservations and mandates (docs/spend-guard.md)
    RESERVATION_CREATED("reservation.created"),
    RESERVATION_CAPTURED("reservation.captured"),
    RESERVATION_RELEASED("reservation.released"),
    RESERVATION_EXPIRED("reservation.expired"),
    LEASE_CREATED("lease.created"),
    LEASE_DRAWN("lease.drawn"),
    LEASE_RELEASED("lease.released"),
    LEASE_EXPIRED("lease.expired"),
    MANDATE_CREATED("mandate.created"),
    MANDATE_UPDATED("mandate.updated"),
    MANDATE_EXECUTION_TOKEN_ISSUED("mandate.execution_token_issued"),
    MANDATE_USED("mandate.used"),
    // The x402 router and the service marketplace (docs/x402.md)
    X402_AUTHORIZED("x402.authorized"),
    X402_REPORTED("x402.reported"),
    X402_AUTHORIZATION_UNREPORTED("x402.authorization_unreported"),
    SERVICE_REGISTERED("service.registered"),
    SERVICE_VERIFIED("service.verified"),
    // Disputes (docs/disputes.md)
    DISPUTE_OPENED("dispute.opened"),
    DISPUTE_EVIDENCE_ADDED("dispute.evidence_added"),
    DISPUTE_WITHDRAWN("dispute.withdrawn"),
    DISPUTE_UNDER_REVIEW("dispute.under_review"),
    DISPUTE_RESOLVED("dispute.resolved"),
    // x402 payment tokens (docs/x402.md "Payment tokens")
    X402_TOKEN_AUTHORIZED("x402.token.authorized"),
    X402_TOKEN_REDEEMED("x402.token.redeemed"),
    X402_TOKEN_CALL_STARTED("x402.token.call_started"),
    X402_TOKEN_CALL_ACCEPTED("x402.token.call_accepted"),
    X402_TOKEN_COMPLETED("x402.token.completed"),
    X402_TOKEN_CANCELLED("x402.token.cancelled"),
    X402_TOKEN_EXPIRED("x402.token.expired"),
    X402_TOKEN_SLA_BREACHED("x402.token.sla_breached"),
    X402_SLA_BREACHED("x402.sla_breached");

    private final String wire;

    EventType(String wire) { this.wire = wire; }

    public String wire() { return wire; }

    public static EventType fromWire(String s) {
        for (EventType t : values()) if (t.wire.equals(s)) return t;
        throw new IllegalArgumentException("unknown event type: " + s);
    }
}
