package dev.purser.functions.observe;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.purser.json.Json;
import dev.purser.observe.MetricNames;
import dev.purser.observe.Observation;
import dev.purser.requests.ExpirySweep;
import dev.purser.x402tokens.TokenScan;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Logs and measures every invocation, around the handlers (which stay one-liners).
 *
 * <p>One structured JSON line per invocation (Powertools' Lambda layout over log4j2): the API
 * Gateway request id, the route template (never the raw path: one-click links carry signed
 * tokens in it), the status, latency, DynamoDB round trips, lost races, and the account and agent
 * ids once authentication knows them. Never a header, body, query string, token, key or secret.
 * Metrics go to the {@link MetricsSink}: CloudWatch EMF in Lambda, nowhere locally.
 */
public final class Observability {
    private static final Logger LOG = LoggerFactory.getLogger("purser");
    static final String DECISION_ROUTE = "POST /api/v1/agent-api/requests";

    private static volatile MetricsSink sink;

    static {
        JulBridge.install();
    }

    private Observability() {}

    /** Lambda (its runtime sets AWS_LAMBDA_FUNCTION_NAME) emits EMF; anything else measures nowhere. */
    static MetricsSink sink() {
        MetricsSink s = sink;
        if (s == null) {
            synchronized (Observability.class) {
                if (sink == null) {
                    sink = System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null ? MetricsSink.powertools() : MetricsSink.NONE;
                }
                s = sink;
            }
        }
        return s;
    }

    /** Replaces where metrics go (tests record them). */
    public static void sink(MetricsSink replacement) {
        sink = replacement;
    }

    /** An API Gateway invocation: runs it inside an {@link Observation}, then logs and measures it. */
    public static APIGatewayV2HTTPResponse api(APIGatewayV2HTTPEvent event, Context context,
                                               Supplier<APIGatewayV2HTTPResponse> call) {
        long start = System.nanoTime();
        begin(context);
        String route = event.getRouteKey() == null ? "$default" : event.getRouteKey();
        if (event.getRequestContext() != null && event.getRequestContext().getRequestId() != null) {
            MDC.put("api_request_id", event.getRequestContext().getRequestId());
        }
        APIGatewayV2HTTPResponse response = null;
        try {
            response = call.get();
            return response;
        } finally {
            Observation o = Observation.end();
            double ms = (System.nanoTime() - start) / 1e6;
            int status = response == null ? 500 : response.getStatusCode();
            identify(o);
            String outcome = DECISION_ROUTE.equals(route) && status == 201 ? outcome(response.getBody()) : null;
            Measurements m = new Measurements();
            if (status >= 500) m.count(MetricNames.API_5XX, 1);
            else if (status >= 400) m.count(MetricNames.API_4XX, 1);
            if (outcome != null) {
                m.count(MetricNames.DECISIONS, 1)
                        .count(switch (outcome) {
                            case "auto_approved" -> MetricNames.DECISIONS_AUTO_APPROVED;
                            case "pending" -> MetricNames.DECISIONS_PENDING;
                            default -> MetricNames.DECISIONS_REJECTED;
                        }, 1)
                        .millis(MetricNames.DECISION_LATENCY, ms)
                        .count(MetricNames.DECISION_ROUND_TRIPS, o.roundTrips())
                        .count(MetricNames.DECISION_LOST_RACES, o.cancelledTransactions());
            }
            logRequest("request", route, status, ms, o, outcome);
            emit(m);
            end();
        }
    }

    /**
     * Whether a scheduled run that found nothing to do logs at DEBUG instead of INFO. Off in Lambda
     * (one line per run, whatever it did); the local runtime turns it on, so an idle runtime is
     * quiet at the default level (its scan runs every 10 s).
     */
    public static void quietIdleRuns(boolean quiet) {
        quietIdleRuns = quiet;
    }

    private static volatile boolean quietIdleRuns;

    /** INFO, or DEBUG for a run that found nothing when {@link #quietIdleRuns} is on. */
    private static void logRun(boolean idle, String message, Object... fields) {
        if (idle && quietIdleRuns) LOG.debug(message, fields);
        else LOG.info(message, fields);
    }

    /** A sweep run: its counts. */
    public static <T> T sweep(Context context, Supplier<ExpirySweep.Result> run, java.util.function.Function<ExpirySweep.Result, T> answer) {
        return scheduled(context, run, (r, o, ms) -> {
            logRun(r.examined() == 0 && r.expired() == 0, line("sweep", 4), entry("examined", r.examined()), entry("expired", r.expired()),
                    entry("latency_ms", round(ms)), entry("round_trips", o.roundTrips()));
            emit(new Measurements().count(MetricNames.SWEEP_EXAMINED, r.examined()).count(MetricNames.SWEEP_EXPIRED, r.expired()));
        }, answer);
    }

    /** An x402 SLA scan run: due tokens examined, released at expiry, refunded for a breached SLA. */
    public static <T> T slaScan(Context context, Supplier<TokenScan.Result> run, java.util.function.Function<TokenScan.Result, T> answer) {
        return scheduled(context, run, (r, o, ms) -> {
            logRun(r.examined() == 0 && r.expired() == 0 && r.breached() == 0, line("sla scan", 5),
                    entry("examined", r.examined()), entry("expired", r.expired()),
                    entry("sla_breached", r.breached()), entry("latency_ms", round(ms)), entry("round_trips", o.roundTrips()));
            emit(new Measurements().count(MetricNames.SLA_SCAN_EXAMINED, r.examined())
                    .count(MetricNames.SLA_SCAN_EXPIRED, r.expired()).count(MetricNames.SLA_SCAN_BREACHED, r.breached()));
        }, answer);
    }

    /** What a run outside the HTTP API (a sweep, a scan, a webhook batch) reports once done: its line and its metrics. */
    private interface RunReport<R> {
        void report(R result, Observation observation, double ms);
    }

    private static <R, T> T scheduled(Context context, Supplier<R> run, RunReport<R> report, java.util.function.Function<R, T> answer) {
        long start = System.nanoTime();
        begin(context);
        try {
            R r = run.get();
            report.report(r, Observation.end(), (System.nanoTime() - start) / 1e6);
            return answer.apply(r);
        } finally {
            Observation.end();
            end();
        }
    }

    /** A batch of webhook messages: every POST attempt's latency, the attempts and the failed ones. */
    public static <T> T webhooks(Context context, WebhookAttempts attempts, Supplier<T> run) {
        return scheduled(context, () -> {
            attempts.reset();
            return run.get();
        }, (r, o, ms) -> {
            Measurements m = new Measurements();
            attempts.latencies().forEach(latency -> m.millis(MetricNames.WEBHOOK_LATENCY, latency));
            m.count(MetricNames.WEBHOOK_ATTEMPTS, attempts.latencies().size()).count(MetricNames.WEBHOOK_FAILURES, attempts.failures());
            logRun(attempts.latencies().isEmpty(), line("webhooks", 4), entry("attempts", attempts.latencies().size()), entry("failures", attempts.failures()),
                    entry("latency_ms", round(ms)), entry("round_trips", o.roundTrips()));
            emit(m);
        }, java.util.function.Function.identity());
    }

    /**
     * Loads and links the logging and metrics path (SnapStart priming) as an invocation runs it:
     * the metrics sink built (Powertools' EMF instance in Lambda) and a decision's metrics
     * document built but not emitted (no metric may describe a request that never was); then one
     * line, "snapstart priming done", written exactly as a request's line is (MDC, the same
     * structured fields through the real JSON layout, whose resolvers initialise on their first
     * event), and the state cleared as after every invocation.
     */
    public static void prime() {
        sink();
        Measurements m = new Measurements().count(MetricNames.DECISIONS, 1).count(MetricNames.DECISIONS_AUTO_APPROVED, 1)
                .millis(MetricNames.DECISION_LATENCY, 1.5).count(MetricNames.DECISION_ROUND_TRIPS, 2)
                .count(MetricNames.DECISION_LOST_RACES, 0);
        m.values();
        Observation.begin();
        MDC.put("api_request_id", "priming");
        Observation o = Observation.end();
        logRequest("snapstart priming done", "priming", 200, 1.5, o, null);
        end();
    }

    /** The one line an invocation writes; an error line for a 5xx (no outcome then). */
    private static void logRequest(String message, String route, int status, double ms, Observation o, String outcome) {
        if (status >= 500) {
            LOG.error(line(message, 5), entry("route", route), entry("status", status), entry("latency_ms", round(ms)),
                    entry("round_trips", o.roundTrips()), entry("lost_races", o.cancelledTransactions()));
        } else {
            LOG.info(line(message, 6), entry("route", route), entry("status", status), entry("latency_ms", round(ms)),
                    entry("round_trips", o.roundTrips()), entry("lost_races", o.cancelledTransactions()),
                    entry("outcome", outcome));
        }
    }

    private static void begin(Context context) {
        Observation.begin();
        if (context != null) PowertoolsLogging.initializeLogging(context);
    }

    private static void identify(Observation o) {
        if (o.accountId() != null) MDC.put("account_id", o.accountId());
        if (o.agentId() != null) MDC.put("agent_id", o.agentId());
    }

    private static void end() {
        PowertoolsLogging.clearState(false);
        MDC.clear();
    }

    private static void emit(Measurements m) {
        try {
            sink().emit(m);
        } catch (RuntimeException e) {
            // Metrics must never fail the request they describe.
            LOG.warn("metrics not emitted", e);
        }
    }

    private static String outcome(String body) {
        try {
            return Json.parseTrusted(body).path("status").asText(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The message with one placeholder per structured argument: the JSON layout gets the
     * arguments as fields, the text layout ({@code --log-format text}) shows them in the line.
     */
    private static String line(String what, int arguments) {
        return what + " {}".repeat(arguments);
    }

    private static double round(double ms) {
        return Math.round(ms * 100) / 100.0;
    }
}
