package dev.purser.tools;

import dev.purser.http.Route;
import java.util.List;

/** Budget leases (docs/spend-guard.md "Budget leases"): a parent agent hands a child agent a bounded slice. */
public final class LeaseTools implements ToolSet {
    @Override
    public List<Tool> tools() {
        String leaseId = "The lease's id (lease_…).";
        return List.of(
                Tool.on(Route.SG_CREATE_LEASE).named("purser_lease_budget")
                        .describedAs("Before delegating work to a child agent: give it a bounded slice of YOUR budget. "
                                + "The amount is held from your budget and becomes the child's ceiling; the child's "
                                + "rules may only be narrower than yours. A refusal's detail names the limit or the "
                                + "widening field: do not delegate the spend. Release what is left with "
                                + "purser_release_lease when the child is done.")
                        .required("child_agent", Schema.string("The child agent's id (agent_…).", 64))
                        .required("amount", Schema.amount("The most the child may spend."))
                        .optional("expires_at", Schema.string("When the lease ends (ISO 8601 with offset); none: until "
                                + "released.", 40))
                        .optional("constraints", Schema.nested("Narrower rules for the child.", Schema.object()
                                .optional("per_request_limit", Schema.amount("Largest single spend."))
                                .optional("daily_limit", Schema.amount("Most per day."))))
                        .idempotent()
                        .build(),
                Tool.on(Route.SG_LIST_LEASES).named("purser_list_leases")
                        .describedAs("Leases you granted or hold, with what remains of each (status active, released, "
                                + "expired).")
                        .query("status", Schema.oneOf("Only this status.", "active", "released", "expired"))
                        .build(),
                Tool.on(Route.SG_GET_LEASE).named("purser_get_lease")
                        .describedAs("One lease: amount, held, spent and remaining.")
                        .path("lease_id", Schema.string(leaseId))
                        .build(),
                Tool.on(Route.SG_RELEASE_LEASE).named("purser_release_lease")
                        .describedAs("End a lease you granted: what the child did not use comes back to your budget.")
                        .path("lease_id", Schema.string(leaseId))
                        .build());
    }
}
