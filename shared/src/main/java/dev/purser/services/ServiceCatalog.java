package dev.purser.services;

import dev.purser.policy.CategoryResolver;
import dev.purser.requests.AgentContext;
import dev.purser.requests.AgentDenial;
import dev.purser.requests.DecisionReader;
import dev.purser.time.Times;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The marketplace's registry: a provider agent registers a service; any agent of the deployment
 * browses the catalogue (cached at most {@link #CACHE_TTL} per container, so a browsing burst costs
 * one query) or reads one service (always fresh).
 */
public final class ServiceCatalog {
    public static final Duration CACHE_TTL = Duration.ofSeconds(5);
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    private final DecisionReader reader;
    private final ServiceStore store;
    private final Clock clock;
    private final ServiceStats stats;
    private volatile Cached cached;

    private record Cached(Instant at, List<Service> services) {}

    public ServiceCatalog(DecisionReader reader, ServiceStore store, Clock clock) {
        this.reader = reader;
        this.store = store;
        this.clock = clock;
        this.stats = store.stats();
    }

    /** The services with their trust scores, each recomputed if due (one batch read of the counters per 100). */
    private List<Service> scored(List<Service> services, Instant now) {
        var counters = stats.read(services.stream().map(Service::id).toList());
        return services.stream().map(s -> stats.refresh(s, counters.getOrDefault(s.id(), TrustScore.Stats.NONE), now)).toList();
    }

    /** How a catalogue call ended. */
    public sealed interface Result {
        record Denied(AgentDenial denial) implements Result {}

        record Taken(String field) implements Result {}

        record NotFound() implements Result {}

        record Registered(Service service) implements Result {}

        record Found(Service service) implements Result {}

        record Page(List<Service> services, int total, int limit, int offset) implements Result {}
    }

    /** A list query; null filters mean any. */
    public record Filter(String category, Boolean verified, int limit, int offset) {}

    public Result register(String tokenHash, Supplier<NewService> inputs) {
        Instant now = Times.micros(clock.instant());
        AgentContext ctx = reader.read(tokenHash, now, false, null);
        var denial = AgentDenial.of(ctx);
        if (denial.isPresent()) return new Result.Denied(denial.get());
        NewService in = inputs.get();
        Service sv = new Service("svc_" + UUID.randomUUID().toString().replace("-", ""), in.name(), in.slug(),
                in.description(), in.pricePerCall(), in.currency() == null ? ctx.account().currency() : in.currency(),
                CategoryResolver.normalize(in.category()), in.endpointUrl(), in.maxLatencyMs(), in.completionWindowSeconds(),
                false, ctx.agent().id(), ctx.account().id(), now);
        var created = store.create(sv, now);
        if (created instanceof ServiceStore.Created.Taken t) return new Result.Taken(t.field());
        cached = null; // this container shows its own registration at once
        return new Result.Registered(sv);
    }

    public Result get(String tokenHash, String id) {
        AgentContext ctx = reader.read(tokenHash, Times.micros(clock.instant()), false, null);
        var denial = AgentDenial.of(ctx);
        if (denial.isPresent()) return new Result.Denied(denial.get());
        Optional<Service> sv = store.get(id);
        if (sv.isEmpty()) return new Result.NotFound();
        Instant now = Times.micros(clock.instant());
        return new Result.Found(stats.refresh(sv.get(), stats.read(List.of(id)).getOrDefault(id, TrustScore.Stats.NONE), now));
    }

    public Result list(String tokenHash, Filter f) {
        Instant now = Times.micros(clock.instant());
        AgentContext ctx = reader.read(tokenHash, now, false, null);
        var denial = AgentDenial.of(ctx);
        if (denial.isPresent()) return new Result.Denied(denial.get());
        Cached c = cached;
        if (c == null || c.at().plus(CACHE_TTL).isBefore(now) || now.isBefore(c.at())) {
            c = new Cached(now, scored(store.all(), now));
            cached = c;
        }
        String cat = f.category() == null ? null : CategoryResolver.normalize(f.category());
        List<Service> matching = c.services().stream()
                .filter(s -> cat == null || cat.equals(s.category()))
                .filter(s -> f.verified() == null || f.verified() == s.verified())
                .toList();
        int from = Math.min(f.offset(), matching.size());
        int to = Math.min(from + f.limit(), matching.size());
        return new Result.Page(matching.subList(from, to), matching.size(), f.limit(), f.offset());
    }
}
