package dev.purser.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import dev.purser.webhooks.DeliveryStore;
import dev.purser.webhooks.WebhookStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * Resumes webhook retries that the local queue forgot. On AWS a failed delivery waits in SQS (its
 * visibility timeout is the backoff); the local queue lives in memory, so after any restart those
 * messages are gone while their delivery records still say {@code pending}. This reads the pending
 * deliveries whose retry is due from the {@code due} index and relays their outbox event again
 * (the same relay handler the stream feeds), so the dispatcher retries exactly the due ones.
 *
 * <p>At start every due delivery is resumed; afterwards only those overdue by more than
 * {@link #GRACE}, i.e. whose queue message did not come back in time. A delivery whose
 * subscription or event is gone leaves the index.
 */
final class DeliveryResume {
    static final Duration GRACE = Duration.ofMinutes(1);
    static final int PAGE = 100;

    private final DynamoDbClient dynamo;
    private final String table;
    private final DeliveryStore deliveries;
    private final WebhookStore webhooks;
    private final RequestHandler<DynamodbEvent, StreamsEventResponse> relay;
    private final Clock clock;
    private boolean started;

    DeliveryResume(DynamoDbClient dynamo, String table, RequestHandler<DynamodbEvent, StreamsEventResponse> relay, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.deliveries = new DeliveryStore(dynamo, table);
        this.webhooks = new WebhookStore(dynamo, table);
        this.relay = relay;
        this.clock = clock;
    }

    /** One pass; returns how many deliveries were handed back to the dispatcher. */
    synchronized int resumeDue() {
        Instant before = started ? clock.instant().minus(GRACE) : clock.instant();
        started = true;
        List<Record> records = new ArrayList<>();
        for (DeliveryStore.Due due : deliveries.due(before, PAGE)) {
            var webhook = webhooks.get(due.accountId(), due.webhookId());
            var event = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                    .key(Map.of(TableDefinition.PK, AttributeValue.fromS(Keys.event(due.eventId())),
                            TableDefinition.SK, AttributeValue.fromS(Keys.EVENT_SK)))).item();
            if (webhook == null || !webhook.enabled() || event == null || event.isEmpty()) {
                deliveries.forgetDue(due.webhookId(), due.eventId());
                continue;
            }
            records.add(Record.builder().eventID("resume-" + due.eventId()).eventName(OperationType.INSERT)
                    .awsRegion("us-east-1")
                    .dynamodb(StreamRecord.builder().sequenceNumber("0")
                            .keys(Map.of(TableDefinition.PK, event.get(TableDefinition.PK), TableDefinition.SK, event.get(TableDefinition.SK)))
                            .newImage(event).build())
                    .build());
        }
        if (records.isEmpty()) return 0;
        relay.handleRequest(StreamRecords.event(records, "local:delivery-resume"), null);
        return records.size();
    }
}
