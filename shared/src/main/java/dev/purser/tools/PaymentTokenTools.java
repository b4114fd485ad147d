package dev.purser.tools;

import dev.purser.http.Route;
import java.util.List;

/**
 * x402 payment tokens for marketplace services (docs/x402.md "Payment tokens"): the consumer
 * authorizes one call and hands the token to the provider; the provider verifies it and reports the
 * call. Money moves only at completion; a call that breaks the service's SLA is refunded.
 */
public final class PaymentTokenTools implements ToolSet {
    @Override
    public List<Tool> tools() {
        String tokenId = "The token's id (x402_tok_…), from purser_authorize_service_call.";
        return List.of(
                Tool.on(Route.SERVICE_AUTHORIZE).named("purser_authorize_service_call")
                        .describedAs("Pay for ONE call to a marketplace service: your wallet holds the service's price "
                                + "(plus fee) and you get a signed payment token valid for minutes. Send the token to "
                                + "the provider with your call; nothing is paid until the provider reports the call "
                                + "completed, and a call that misses the service's SLA is refunded automatically. A "
                                + "refusal's detail names the failed check (policy, funds, price above max_amount): do "
                                + "not call the service, report the reason. If you end up not calling it, cancel the "
                                + "token with purser_cancel_payment_token.")
                        .path("service_id", Schema.string("The service's id (svc_…), from purser_list_services."))
                        .required("from_wallet_id", Schema.string("Your wallet that pays (wal_…).", 64))
                        .optional("max_amount", Schema.amount("The most you accept to pay for this call; refused if the "
                                + "price is higher."))
                        .idempotent()
                        .build(),
                Tool.on(Route.X402_TOKEN_GET).named("purser_get_payment_token")
                        .describedAs("Read a payment token's state: authorized (unused), redeemed, call_started, "
                                + "call_accepted, completed (paid), cancelled, expired (released) or sla_breached "
                                + "(refunded).")
                        .path("token_id", Schema.string(tokenId))
                        .build(),
                Tool.on(Route.X402_TOKEN_CANCEL).named("purser_cancel_payment_token")
                        .describedAs("Cancel a payment token you did not use: the held funds go back to your wallet. "
                                + "Only before the provider redeemed it.")
                        .path("token_id", Schema.string(tokenId))
                        .build(),
                Tool.on(Route.X402_REQUIREMENTS).named("purser_payment_requirements")
                        .describedAs("Which payment a protected URL needs (x402 PaymentRequirements of the service "
                                + "registered at it): price, currency, who is paid. Use it before authorizing a call.")
                        .query("resource", Schema.string("The service URL you want to call.", 2000))
                        .build(),
                Tool.on(Route.X402_VERIFY).named("purser_verify_payment_token")
                        .describedAs("Provider side: check a consumer's payment token before serving the call, and "
                                + "redeem it (once). valid: serve the call, then report call-started and "
                                + "call-completed. TOKEN_ALREADY_USED, TOKEN_EXPIRED or a bad signature: do not serve.")
                        .required("token", Schema.string("The token the consumer sent.", 4096))
                        .build(),
                Tool.on(Route.X402_TOKEN_CALL_STARTED).named("purser_report_call_started")
                        .describedAs("Provider side: the paid call has started (starts the SLA clock).")
                        .path("token_id", Schema.string("The redeemed token's id."))
                        .build(),
                Tool.on(Route.X402_TOKEN_CALL_COMPLETED).named("purser_report_call_completed")
                        .describedAs("Provider side: the paid call is finished and delivered; you are paid now. After "
                                + "the SLA window it is refused and the consumer is refunded.")
                        .path("token_id", Schema.string("The redeemed token's id."))
                        .build());
    }
}
