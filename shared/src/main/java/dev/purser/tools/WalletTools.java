package dev.purser.tools;

import dev.purser.http.Route;
import java.util.List;

/** Wallets and payments (docs/ledger.md): balance, transactions, pay, read a payment, refund. */
public final class WalletTools implements ToolSet {
    @Override
    public List<Tool> tools() {
        return List.of(
                Tool.on(Route.LIST_WALLETS).named("purser_list_wallets")
                        .describedAs("List this agent's wallets (id, currency, balances). Use it to find the wallet_id "
                                + "to pay from.")
                        .build(),
                Tool.on(Route.GET_WALLET_BALANCE).named("purser_get_wallet_balance")
                        .describedAs("A wallet's balances: available (what you can pay now), pending (held for "
                                + "payments waiting for approval or settlement) and posted.")
                        .path("wallet_id", Schema.string("The wallet's id (wal_…)."))
                        .build(),
                Tool.on(Route.LIST_WALLET_TRANSACTIONS).named("purser_list_wallet_transactions")
                        .describedAs("A wallet's ledger lines, newest first: every payment, refund, funding and payout "
                                + "that moved its money.")
                        .path("wallet_id", Schema.string("The wallet's id (wal_…)."))
                        .query("limit", Schema.integer("Page size.", 1, 100))
                        .query("cursor", Schema.string("next_cursor of the previous page."))
                        .build(),
                Tool.on(Route.CREATE_PAYMENT).named("purser_pay")
                        .describedAs("Pay from one of this agent's wallets to another wallet or an external payee. "
                                + "The owner's policy decides it like a purchase request. Status completed: paid (fee "
                                + "and total_debited say what left the wallet). pending_approval: the money is held "
                                + "until a human approves; do not pay again, poll purser_get_payment. An error with code "
                                + "AP-1002 is a policy decline: stop and report policy_check's reason; AP-1001: the "
                                + "wallet lacks funds or is not yours. Always send an idempotency_key so a retry never "
                                + "pays twice.")
                        .required("from_wallet_id", Schema.string("The paying wallet (wal_…)."))
                        .optional("to_wallet_id", Schema.string("A Purser wallet to pay (give this or to_external)."))
                        .optional("to_external", Schema.string("An external payee label, e.g. merchant:acme.", 200))
                        .required("amount", Schema.amount("Amount before the fee."))
                        .optional("currency", Schema.string("ISO 4217 code; must be the wallet's currency.", 3))
                        .optional("description", Schema.string("What the payment is for.", 500))
                        .optional("category", Schema.string("Spend category for the policy, e.g. software.", 50))
                        .idempotent()
                        .build(),
                Tool.on(Route.GET_PAYMENT).named("purser_get_payment")
                        .describedAs("Read one payment: status (pending_approval, processing, completed, failed, "
                                + "rejected, refunded, partially_refunded), amounts and fee. Use it to follow a payment "
                                + "that waits for approval.")
                        .path("payment_id", Schema.string("The payment's id (pay_…)."))
                        .build(),
                Tool.on(Route.REFUND_PAYMENT).named("purser_refund_payment")
                        .describedAs("Refund all or part of a completed payment that was made TO one of this agent's "
                                + "wallets (the payee refunds; the payer asks the owner). The fee is not refunded.")
                        .path("payment_id", Schema.string("The payment's id (pay_…)."))
                        .optional("amount", Schema.amount("How much to refund; the whole remaining amount if omitted."))
                        .optional("reason", Schema.string("Why, e.g. requested_by_customer.", 200))
                        .idempotent()
                        .build());
    }
}
