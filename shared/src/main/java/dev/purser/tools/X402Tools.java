package dev.purser.tools;

import dev.purser.http.Route;
import java.util.List;

/** x402 (LetAgentPay's router): authorize an HTTP 402 payment before paying it, report it after. */
public final class X402Tools implements ToolSet {
    @Override
    public List<Tool> tools() {
        return List.of(
                Tool.on(Route.X402_AUTHORIZE).named("purser_x402_authorize")
                        .describedAs("When a web resource answers HTTP 402 Payment Required (x402), ask here BEFORE "
                                + "signing the payment. authorized true: pay it on-chain, then call purser_x402_report "
                                + "with the authorization_id and transaction hash. authorized false: do not pay; report "
                                + "the reason to the user (it names the failed check, e.g. over budget, domain not "
                                + "allowed).")
                        .required("payment_requirements", Schema.nested("The payment requirements from the 402 answer.",
                                Schema.object()
                                        .required("scheme", Schema.string("e.g. exact", 20))
                                        .required("network", Schema.string("e.g. eip155:84532 or base-sepolia", 30))
                                        .required("amount", Schema.string("Amount in the asset's atomic units, as a string "
                                                + "(e.g. \"10000\" is 0.01 USDC).", 50))
                                        .required("asset", Schema.string("e.g. USDC, or the asset's contract address as "
                                                + "the 402 answer gave it.", 64))
                                        .required("pay_to", Schema.string("The receiving address.", 64))
                                        .optional("resource", Schema.string("The URL that asked for payment.", 2000))))
                        .required("max_amount_usd", Schema.number("The most you are willing to pay, in USD (≤ 10000)."))
                        .optional("category", Schema.string("Spend category (default api).", 50))
                        .build(),
                Tool.on(Route.X402_REPORT).named("purser_x402_report")
                        .describedAs("After paying an authorized x402 payment on-chain, report its transaction hash "
                                + "(once per authorization) so the spend is recorded; optionally the actual USD amount.")
                        .required("authorization_id", Schema.string("From purser_x402_authorize.", 36))
                        .required("tx_hash", Schema.string("The on-chain transaction hash.", 100))
                        .optional("actual_amount_usd", Schema.number("What was actually paid, in USD, if it differs."))
                        .build(),
                Tool.on(Route.X402_BUDGET).named("purser_x402_budget")
                        .describedAs("The x402 view of this agent's budget: what is left for HTTP 402 payments.")
                        .build());
    }
}
