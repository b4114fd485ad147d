package dev.purser.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.http.ApiError;
import dev.purser.http.Endpoints;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.http.LambdaFunction;
import dev.purser.http.Route;
import dev.purser.http.RouteTable;
import dev.purser.json.Json;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code GET /ai/tools?format=…} (the agent tools in one framework's function-calling format) and
 * {@code GET /.well-known/ai-plugin.json} (the plugin manifest pointing at the OpenAPI document).
 * Public: they describe the API, they grant nothing (every tool call still needs the agent's token).
 */
public final class AiToolsApi {
    static final String DEFAULT_FORMAT = "openai";
    private static final Map<String, String> CACHEABLE = Map.of("content-type", "application/json",
            "cache-control", "public, max-age=300");

    private final String publicBaseUrl;
    private final RouteTable<Void> routes;

    /** @param publicBaseUrl the API's public base URL (the manifest names absolute URLs), or blank to use the Host */
    public AiToolsApi(String publicBaseUrl) {
        this.publicBaseUrl = publicBaseUrl == null ? "" : publicBaseUrl.replaceAll("/+$", "");
        this.routes = RouteTable.<Void>of(LambdaFunction.AI_TOOLS)
                .on(Route.AI_TOOLS_LIST, (c, r) -> tools(r))
                .on(Route.AI_PLUGIN_MANIFEST, (c, r) -> manifest(r))
                .build();
    }

    public HttpResponse handle(HttpRequest request) {
        return Endpoints.handle(request, r -> routes.serve(null, r));
    }

    private HttpResponse tools(HttpRequest request) {
        String id = request.queryParam("format").orElse(DEFAULT_FORMAT);
        ToolFormats format = ToolFormats.byId(id).orElseThrow(() -> ApiError.detail(422, "Unknown format '" + id
                + "': use one of " + Arrays.stream(ToolFormats.values()).map(ToolFormats::id).collect(Collectors.joining(", "))));
        return new HttpResponse(200, CACHEABLE, Json.write(format.render()));
    }

    private HttpResponse manifest(HttpRequest request) {
        String base = baseUrl(request);
        ObjectNode m = Json.object()
                .put("schema_version", "v1")
                .put("name_for_human", "Purser")
                .put("name_for_model", "purser")
                .put("description_for_human", "Spend control for AI agents: ask before spending, pay from a wallet, "
                        + "authorize x402 payments.")
                .put("description_for_model", "Use Purser before spending any money. Ask with a purchase request and "
                        + "act on its status: auto_approved means buy, then confirm the actual amount; pending means a "
                        + "human must approve, so wait and poll the request; rejected means stop and tell the user the "
                        + "reason in policy_check. Check budget and policy to plan; dry-run checks change nothing.");
        m.putObject("auth").put("type", "user_http").put("authorization_type", "bearer");
        m.putObject("api").put("type", "openapi").put("url", base + "/openapi.json");
        m.put("logo_url", base + "/favicon.svg");
        m.put("contact_email", "");
        m.put("legal_info_url", base + "/");
        ObjectNode purser = m.putObject("x-purser");
        purser.put("mcp_url", base + "/mcp");
        purser.put("tools_url", base + "/ai/tools");
        var formats = purser.putArray("tool_formats");
        for (ToolFormats f : ToolFormats.values()) formats.add(f.id());
        return new HttpResponse(200, CACHEABLE, Json.write(m));
    }

    private String baseUrl(HttpRequest request) {
        if (!publicBaseUrl.isEmpty()) return publicBaseUrl;
        String host = request.header("host").orElse("localhost");
        String proto = request.header("x-forwarded-proto").orElse(host.startsWith("localhost") || host.startsWith("127.")
                ? "http" : "https");
        return proto + "://" + host;
    }
}
