package dev.purser.tools;

import dev.purser.http.Route;
import java.util.List;

/** Purchase requests (the LetAgentPay Agent API): ask, dry-run, status, list, confirm, budget, policy, categories. */
public final class PurchaseTools implements ToolSet {
    static final String DECISION = " The answer's status is one of: auto_approved (you may buy now; afterwards call "
            + "purser_confirm_purchase with the actual amount), pending (a human must approve: do NOT buy yet; tell the "
            + "user it awaits approval and poll purser_get_request every few minutes until it is approved, rejected or "
            + "expired), rejected (do not buy and do not retry the same purchase; report policy_check's failed check "
            + "and its reason to the user).";

    @Override
    public List<Tool> tools() {
        return List.of(
                Tool.on(Route.AGENT_CREATE_REQUEST).named("purser_request_purchase")
                        .describedAs("Ask permission BEFORE spending money on a purchase. Use it for every purchase, "
                                + "subscription or paid action; never spend without an approved request." + DECISION
                                + " An amount is held while pending and spent when approved.")
                        .required("amount", Schema.amount("What the purchase will cost."))
                        .required("category", Schema.string("What kind of spend, e.g. groceries, software, travel, api "
                                + "(purser_get_categories lists the account's categories).", 50))
                        .optional("merchant_name", Schema.string("Who is paid, e.g. Whole Foods.", 255))
                        .optional("description", Schema.string("What is bought and why.", 2000))
                        .optional("agent_comment", Schema.string("A note for the human reviewer if it needs approval.", 2000))
                        .optional("currency", Schema.string("ISO 4217 code; defaults to the account's currency.", 3))
                        .idempotent()
                        .build(),
                Tool.on(Route.AGENT_CHECK_REQUEST).named("purser_check_purchase")
                        .describedAs("Dry run: would this purchase be auto-approved, need approval or be rejected? "
                                + "Changes nothing (no hold, no spend, no request). Use it to plan or to choose among "
                                + "options; then call purser_request_purchase for the one you will actually buy.")
                        .required("amount", Schema.amount("What the purchase would cost."))
                        .required("category", Schema.string("Kind of spend, e.g. groceries.", 50))
                        .optional("merchant_name", Schema.string("Who would be paid.", 255))
                        .optional("description", Schema.string("What would be bought.", 2000))
                        .build(),
                Tool.on(Route.AGENT_GET_REQUEST).named("purser_get_request")
                        .describedAs("Read one purchase request by id: its status (pending, approved, auto_approved, "
                                + "rejected, expired, completed, failed) and policy_check. Use it to poll a pending "
                                + "request: buy only once it is approved; on rejected or expired stop and tell the user.")
                        .path("request_id", Schema.string("The request_id returned by purser_request_purchase."))
                        .build(),
                Tool.on(Route.AGENT_LIST_REQUESTS).named("purser_list_requests")
                        .describedAs("List this agent's purchase requests, newest first, optionally by status "
                                + "(e.g. pending to see what still waits for a human).")
                        .query("status", Schema.oneOf("Only requests with this status.", "pending", "approved",
                                "auto_approved", "rejected", "expired", "completed", "failed"))
                        .query("limit", Schema.integer("Page size (default 20).", 1, 100))
                        .query("offset", Schema.integer("How many to skip.", 0, 100000))
                        .build(),
                Tool.on(Route.AGENT_CONFIRM_REQUEST).named("purser_confirm_purchase")
                        .describedAs("After buying something that was auto_approved or approved, report the outcome: "
                                + "success true with the actual amount paid (the budget is corrected to it), or success "
                                + "false if the purchase did not happen (the money is released). Confirm each request once.")
                        .path("request_id", Schema.string("The approved request's id."))
                        .required("success", Schema.bool("Whether the purchase went through."))
                        .optional("actual_amount", Schema.amount("What was actually paid (required when success is true "
                                + "and it differs from the requested amount)."))
                        .optional("receipt_url", Schema.string("Link to the receipt, if any.", 2000))
                        .idempotent()
                        .build(),
                Tool.on(Route.AGENT_GET_BUDGET).named("purser_get_budget")
                        .describedAs("How much this agent may still spend: budget, spent, held (pending) and remaining. "
                                + "Check it before planning purchases; if remaining is too low, tell the user rather "
                                + "than asking for something that will be rejected.")
                        .build(),
                Tool.on(Route.AGENT_GET_POLICY).named("purser_get_policy")
                        .describedAs("The spending policy the owner set for this agent: per-request and daily/weekly/"
                                + "monthly limits, the auto-approve threshold, allowed and blocked categories, schedule. "
                                + "Read it to understand why something was rejected or will need approval.")
                        .build(),
                Tool.on(Route.AGENT_GET_CATEGORIES).named("purser_get_categories")
                        .describedAs("The spend categories this account knows (with aliases). Use one of them as the "
                                + "category of a purchase request.")
                        .build());
    }
}
