package dev.purser.tools;

import dev.purser.http.Route;
import java.util.List;

/** The service marketplace: browse pay-per-call services. */
public final class ServiceTools implements ToolSet {
    @Override
    public List<Tool> tools() {
        return List.of(
                Tool.on(Route.SERVICES_LIST).named("purser_list_services")
                        .describedAs("Browse the marketplace of pay-per-call services (name, price_per_call, category, "
                                + "endpoint_url, sla, verified). Use it to find a service for a task and its price.")
                        .query("category", Schema.string("Only this category, e.g. data, llm, api.", 50))
                        .query("verified", Schema.bool("Only operator-verified providers."))
                        .query("limit", Schema.integer("Page size (default 20).", 1, 100))
                        .query("offset", Schema.integer("How many to skip.", 0, 100000))
                        .build(),
                Tool.on(Route.SERVICES_GET).named("purser_get_service")
                        .describedAs("Read one marketplace service by id: price, endpoint and SLA.")
                        .path("service_id", Schema.string("The service's id (svc_…)."))
                        .build());
    }
}
