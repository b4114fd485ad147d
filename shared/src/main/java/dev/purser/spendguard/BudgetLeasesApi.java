package dev.purser.spendguard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.agentapi.AgentAuth;
import dev.purser.http.ApiError;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.idempotency.StoredResponse;
import dev.purser.json.Json;
import dev.purser.leases.BudgetLease;
import dev.purser.leases.LeaseStatus;
import dev.purser.leases.LeaseStore;
import dev.purser.money.Money;
import dev.purser.owner.Cursors;
import dev.purser.owner.OwnerBody;
import dev.purser.owner.OwnerErrors;
import dev.purser.owner.OwnerQuery;
import dev.purser.policy.PolicySchema;
import dev.purser.requests.AgentDenial;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * HTTP for {@code /v1/spend-guard/budget-leases} (SpendGuard's function): parse, authenticate,
 * call {@link BudgetLeases}, render. Callers: an owner key (any agent of the account as parent),
 * or the parent agent's own token (for its own children: {@code parent_agent} is itself).
 */
final class BudgetLeasesApi {
    private static final Set<String> CREATE_FIELDS = Set.of("parent_agent", "child_agent", "amount", "currency",
            "expires_at", "constraints");
    private static final List<String> CONSTRAINT_FIELDS = List.of("categories", "merchants", "per_request_limit",
            "daily_limit", "weekly_limit", "monthly_limit", "yearly_limit", "rolling_24h_limit");

    private final BudgetLeases leases;

    BudgetLeasesApi(BudgetLeases leases) {
        this.leases = leases;
    }

    HttpResponse create(Principal p, HttpRequest request) {
        ObjectNode body = OwnerBody.object(request, CREATE_FIELDS);
        String parent = OwnerBody.text(body, "parent_agent", 100);
        String child = OwnerBody.requiredText(body, "child_agent", 100);
        long amount = SpendGuardApi.positiveAmount(body, "amount");
        String currency = OwnerBody.text(body, "currency", 3);
        if (currency != null) {
            currency = currency.toUpperCase(Locale.ROOT);
            if (!currency.matches("[A-Z]{3}")) throw OwnerErrors.invalid("currency", "must be a 3-letter ISO 4217 code");
        }
        Instant expiresAt = null;
        String exp = OwnerBody.text(body, "expires_at", 64);
        if (exp != null) {
            try {
                expiresAt = Times.micros(OffsetDateTime.parse(exp).toInstant());
            } catch (RuntimeException e) {
                throw OwnerErrors.invalid("expires_at", "must be an ISO 8601 date-time with offset");
            }
        }
        ObjectNode constraints = constraints(body.get("constraints"));
        var in = new BudgetLeases.NewLease(parent, child, amount, currency, expiresAt, constraints);
        return render(leases.create(p, in, body, SpendGuardApi.idempotencyKey(request)));
    }

    HttpResponse release(Principal p, HttpRequest request) {
        ObjectNode body = OwnerBody.optionalObject(request, Set.of("reason"));
        OwnerBody.text(body, "reason", 500);
        return render(leases.release(p, leaseId(request), body, SpendGuardApi.idempotencyKey(request)));
    }

    HttpResponse get(Principal p, HttpRequest request) {
        BudgetLease l = leases.get(p, leaseId(request)).orElseThrow(BudgetLeasesApi::notFound);
        return HttpResponse.json(200, l.view());
    }

    HttpResponse list(Principal p, HttpRequest request) {
        String agent = request.queryParam("agent").orElse(null);
        if (agent != null && (agent.isBlank() || agent.length() > 100)) throw OwnerErrors.invalid("agent", "must be 1..100 characters");
        String account = leases.accountOf(p);
        if (account == null) throw AgentAuth.denied(AgentDenial.INVALID_TOKEN);
        if (p.isAgent()) {
            String self = leases.callerAgent(p);
            if (agent != null && !agent.equals(self)) {
                throw ApiError.coded(403, "other_agent", "An agent token may only list its own leases");
            }
            agent = self;
        }
        LeaseStatus status = null;
        String st = request.queryParam("status").orElse(null);
        if (st != null) {
            try {
                status = LeaseStatus.fromWire(st);
            } catch (IllegalArgumentException e) {
                throw OwnerErrors.invalid("status", "must be one of active, released, expired");
            }
        }
        int limit = OwnerQuery.limit(request, 50);
        var start = Cursors.decode(request.queryParam("cursor").orElse(null), TableDefinition.GSI2_PK,
                BudgetLease.accountList(account));
        var page = leases.store().list(account, agent, status, limit, start);
        ObjectNode out = Json.object();
        ArrayNode data = out.putArray("leases");
        page.leases().forEach(l -> data.add(l.view()));
        out.put("next_cursor", Cursors.encode(page.next()));
        return HttpResponse.json(200, out);
    }

    /** {@code constraints}: categories and merchants (lists of names), limits (amounts ≥ 0, 2 decimals). */
    static ObjectNode constraints(JsonNode raw) {
        ObjectNode out = Json.object();
        if (raw == null || raw.isNull()) return out;
        if (!raw.isObject()) throw OwnerErrors.invalid("constraints", "must be an object");
        var it = raw.fields();
        while (it.hasNext()) {
            var e = it.next();
            String field = "constraints." + e.getKey();
            if (!CONSTRAINT_FIELDS.contains(e.getKey())) {
                throw OwnerErrors.invalid(List.of(PolicySchema.unknown(field, e.getKey(), CONSTRAINT_FIELDS, "a lease constraint")));
            }
            JsonNode v = e.getValue();
            if (v.isNull()) continue;
            if (e.getKey().equals("categories") || e.getKey().equals("merchants")) {
                if (!v.isArray() || v.size() > 100) throw OwnerErrors.invalid(field, "must be a list of at most 100 names");
                ArrayNode names = out.putArray(e.getKey());
                for (JsonNode n : v) {
                    if (!n.isTextual() || n.textValue().isBlank() || n.textValue().length() > 200) {
                        throw OwnerErrors.invalid(field, "must be a list of names of 1..200 characters");
                    }
                    names.add(n.textValue().strip());
                }
            } else {
                ObjectNode one = Json.object();
                one.set("v", v);
                Long minor;
                try {
                    minor = OwnerBody.amount(one, "v");
                } catch (ApiError err) {
                    throw OwnerErrors.invalid(field, "must be an amount >= 0 with at most 2 decimals");
                }
                if (minor == null || minor < 0) throw OwnerErrors.invalid(field, "must be an amount >= 0 with at most 2 decimals");
                out.put(e.getKey(), Money.plain(minor));
            }
        }
        return out;
    }

    private HttpResponse render(LeaseResult r) {
        if (r instanceof LeaseResult.Done d) return HttpResponse.json(d.status(), d.body());
        if (r instanceof LeaseResult.Replayed replay) {
            StoredResponse s = replay.response();
            return new HttpResponse(s.statusCode(), Map.of("content-type", "application/json", "idempotent-replayed", "true"), s.body());
        }
        if (r instanceof LeaseResult.Refused refused) {
            if (refused.why() instanceof Resolved.NoSuchAgent n && n.agentId() == null) {
                throw OwnerErrors.invalid("parent_agent", "is required with an owner key");
            }
            if (refused.why() instanceof Resolved.NoSuchAgent) throw OwnerErrors.notFound("agent_not_found", "Parent agent not found");
            throw SpendGuardApi.refusal(refused.why());
        }
        if (r instanceof LeaseResult.BadChild b) {
            if (b.detail().startsWith("no such")) throw OwnerErrors.notFound("agent_not_found", "Child agent not found");
            throw OwnerErrors.invalid("child_agent", b.detail());
        }
        if (r instanceof LeaseResult.Invalid i) throw OwnerErrors.invalid(i.field(), i.detail());
        if (r instanceof LeaseResult.Widening w) throw OwnerErrors.invalid(w.field(), w.detail());
        if (r instanceof LeaseResult.CurrencyMismatch m) throw SpendGuardApi.currencyMismatch(m.expected());
        if (r instanceof LeaseResult.Denied d) {
            ObjectNode body = d.authorization().view();
            body.put("detail", "The parent agent's limits do not allow holding this amount: "
                    + String.join("; ", texts(body.get("reasons"))));
            body.put("code", "lease_denied");
            return HttpResponse.json(409, body);
        }
        if (r instanceof LeaseResult.ExceedsParentLease e) {
            ObjectNode body = Json.object().put("detail", "The parent agent's own lease has " + Money.plain(e.parentLease().remaining())
                    + " remaining; a nested lease is carved from it").put("code", "lease_exceeded");
            body.set("lease", e.parentLease().view());
            return HttpResponse.json(409, body);
        }
        if (r instanceof LeaseResult.ChildHasLease c) {
            return HttpResponse.json(409, Json.object().put("detail", "The child agent already has an active lease " + c.leaseId()
                    + "; release it first").put("code", "lease_exists").put("lease_id", c.leaseId()));
        }
        if (r instanceof LeaseResult.TooDeep) {
            throw ApiError.coded(409, "lease_too_deep", "Leases nest at most " + LeaseStore.MAX_DEPTH + " deep");
        }
        if (r instanceof LeaseResult.NotFound) throw notFound();
        if (r instanceof LeaseResult.NotActive n) {
            ObjectNode body = Json.object().put("detail", "Lease is already " + n.current().status().wire())
                    .put("code", "lease_not_active");
            body.set("lease", n.current().view());
            return HttpResponse.json(409, body);
        }
        if (r instanceof LeaseResult.KeyReused) {
            throw ApiError.coded(422, "idempotency_key_reused", "Idempotency-Key was already used for a different request");
        }
        throw ApiError.coded(503, "contended", "Too many concurrent changes to this budget; retry");
    }

    private static String leaseId(HttpRequest request) {
        String id = request.pathParameter("lease_id");
        if (id == null || id.length() > 100) throw notFound();
        return id;
    }

    private static ApiError notFound() {
        return OwnerErrors.notFound("lease_not_found", "Budget lease not found");
    }

    private static java.util.List<String> texts(JsonNode arr) {
        java.util.List<String> out = new java.util.ArrayList<>();
        arr.forEach(n -> out.add(n.asText()));
        return out;
    }
}
