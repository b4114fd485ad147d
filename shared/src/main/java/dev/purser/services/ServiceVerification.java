package dev.purser.services;

import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.s;

import dev.purser.commit.Commit;
import dev.purser.commit.CommitOutcome;
import dev.purser.events.EventType;
import dev.purser.retry.Contended;
import dev.purser.retry.Retry;
import dev.purser.time.Times;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The operator's {@code verified} flag on a service (issue 13 B.1/B.6): one conditional update of
 * the service item with the {@code service.verified} event (data carries the new flag), in one
 * transaction. Setting the flag it already has changes nothing and emits nothing. Catalogue caches
 * show it within their 5 s.
 */
public final class ServiceVerification {
    /** What a verify or unverify did. */
    public sealed interface Result {
        record Done(Service service, boolean changed) implements Result {}

        record NotFound() implements Result {}
    }

    private static final int ATTEMPTS = 10;

    private final DynamoDbClient dynamo;
    private final String table;
    private final ServiceStore store;
    private final Clock clock;

    public ServiceVerification(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.store = new ServiceStore(dynamo, table);
        this.clock = clock;
    }

    public Result set(String serviceId, boolean verified) {
        for (int attempt : Retry.attempts(ATTEMPTS)) {
            Instant now = Times.micros(clock.instant());
            Optional<Service> found = store.get(serviceId);
            if (found.isEmpty()) return new Result.NotFound();
            Service before = found.get();
            if (before.verified() == verified) return new Result.Done(before, false);
            Service after = before.withVerified(verified);
            var data = after.view();
            data.put("service_id", after.id());
            data.put("verified_at", Times.wire(now));
            CommitOutcome r = Commit.in(table)
                    .update("service", Update.builder().tableName(table).key(key(ServiceStore.pk(serviceId), "SERVICE"))
                            .updateExpression("SET verified = :v, verified_updated_at = :now")
                            .conditionExpression("attribute_exists(pk) AND verified = :was")
                            .expressionAttributeValues(Map.of(":v", AttributeValue.fromBool(verified),
                                    ":was", AttributeValue.fromBool(!verified), ":now", s(Times.stored(now))))
                            .build())
                    .event(EventType.SERVICE_VERIFIED, after.providerAccountId(), data, now)
                    .run(dynamo);
            if (r.committed()) return new Result.Done(after, true);
            // Someone else flipped it (or a conflict): read again and decide.
        }
        throw new Contended("verification of " + serviceId + " kept contending");
    }
}
