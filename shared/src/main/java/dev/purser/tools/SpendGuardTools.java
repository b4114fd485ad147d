package dev.purser.tools;

import dev.purser.http.Route;
import java.util.List;

/** SpendGuard (docs/spend-guard.md): estimate and authorize a costly action, reserve, capture, release. */
public final class SpendGuardTools implements ToolSet {
    @Override
    public List<Tool> tools() {
        return List.of(
                Tool.on(Route.SG_ESTIMATE).named("purser_estimate_cost")
                        .describedAs("Estimate what an action would cost before doing it (an LLM call priced per token "
                                + "from the owner's price table, a tool call, a payment) and whether policy would allow "
                                + "it. Changes nothing.")
                        .required("type", Schema.oneOf("What kind of action.", "payment", "token", "tool", "delegation"))
                        .optional("model", Schema.string("For type token: the model name."))
                        .optional("input_tokens", Schema.integer("For type token.", 0, 2_000_000_000))
                        .optional("output_tokens", Schema.integer("For type token.", 0, 2_000_000_000))
                        .optional("tool", Schema.string("For type tool: the tool's name."))
                        .optional("calls", Schema.integer("For type tool: how many calls.", 1, 1_000_000))
                        .optional("amount", Schema.amount("For type payment: the amount."))
                        .optional("category", Schema.string("Spend category.", 50))
                        .optional("merchant", Schema.string("Who would be paid.", 255))
                        .build(),
                Tool.on(Route.SG_AUTHORIZE).named("purser_authorize_spend")
                        .describedAs("Would this spend be allowed right now? decision allow: go ahead (reserve it "
                                + "first for a long action). approval_required: a human must approve: ask with "
                                + "purser_request_purchase instead. deny: do not do it; report the reasons. Changes nothing.")
                        .required("amount", Schema.amount("What the action will cost."))
                        .optional("category", Schema.string("Spend category, e.g. api.", 50))
                        .optional("merchant", Schema.string("Who is paid, e.g. OpenAI.", 255))
                        .optional("currency", Schema.string("ISO 4217 code.", 3))
                        .build(),
                Tool.on(Route.SG_CREATE_RESERVATION).named("purser_reserve")
                        .describedAs("Reserve an amount before a costly action (e.g. a long LLM job): it is held in the "
                                + "budget so parallel work cannot overspend. status held: proceed, then "
                                + "purser_capture_reservation with what it actually cost, or purser_release_reservation "
                                + "if it did not happen. A refusal's detail says which limit it would break: do not "
                                + "proceed. An unused reservation expires after expires_in seconds.")
                        .required("amount", Schema.amount("The most the action may cost."))
                        .optional("category", Schema.string("Spend category, e.g. api.", 50))
                        .optional("merchant", Schema.string("Who is paid.", 255))
                        .optional("expires_in", Schema.integer("Seconds until an unused hold is released.", 1, 86400))
                        .idempotent()
                        .build(),
                Tool.on(Route.SG_CAPTURE_RESERVATION).named("purser_capture_reservation")
                        .describedAs("After the reserved action: spend what it actually cost (at most the reserved "
                                + "amount); the rest is released.")
                        .path("reservation_id", Schema.string("The reservation's id (rsv_…)."))
                        .required("amount", Schema.amount("What the action actually cost."))
                        .build(),
                Tool.on(Route.SG_RELEASE_RESERVATION).named("purser_release_reservation")
                        .describedAs("The reserved action did not happen: release the whole hold.")
                        .path("reservation_id", Schema.string("The reservation's id (rsv_…)."))
                        .optional("reason", Schema.string("Why it was not used.", 500))
                        .build(),
                Tool.on(Route.SG_GET_RESERVATION).named("purser_get_reservation")
                        .describedAs("Read one reservation: status held, captured, released or expired, and amounts.")
                        .path("reservation_id", Schema.string("The reservation's id (rsv_…)."))
                        .build());
    }
}
