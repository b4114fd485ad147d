package dev.purser.functions.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.purser.functions.support.World;
import dev.purser.testing.AwsCallRecorder;
import dev.purser.testing.WithLocalAws;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The outbox relay run as Lambda runs it (a stream batch), so its AWS calls are recorded before
 * the template tests check them against its role (RecordedCallsTemplateTest): without a bus it
 * publishes through the local stand-in, recorded as the PutEvents it is when deployed.
 */
@WithLocalAws
class EventHandlersCallsTest {
    final World world = new World();

    @Test
    void theRelayPublishesAnOutboxInsertAsPutEvents() {
        String eventId = "evt_" + UUID.randomUUID();
        StreamRecord change = new StreamRecord();
        change.setSequenceNumber("1");
        change.setNewImage(Map.of(
                "pk", new AttributeValue().withS("EVENT#" + eventId),
                "event_id", new AttributeValue().withS(eventId),
                "type", new AttributeValue().withS("agent.registered"),
                "envelope", new AttributeValue().withS("{\"id\":\"" + eventId + "\",\"type\":\"agent.registered\",\"data\":{}}")));
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName("INSERT");
        record.setDynamodb(change);
        DynamodbEvent batch = new DynamodbEvent();
        batch.setRecords(List.of(record));

        StreamsEventResponse response = new OutboxRelayHandler(world.purser).handleRequest(batch, null);

        assertEquals(List.of(), response.getBatchItemFailures());
        assertTrue(AwsCallRecorder.recorded().contains("OUTBOX_RELAY\tevents:PutEvents\tbus\tlocal\t"),
                AwsCallRecorder.recorded().toString());
    }
}
