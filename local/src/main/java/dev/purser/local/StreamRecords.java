package dev.purser.local;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.Record;

/** DynamoDB Streams records (SDK) → the {@link DynamodbEvent} Lambda's event source mapping builds. */
final class StreamRecords {
    private StreamRecords() {}

    static DynamodbEvent event(List<Record> records, String streamArn) {
        List<DynamodbEvent.DynamodbStreamRecord> out = new ArrayList<>();
        for (Record r : records) {
            DynamodbEvent.DynamodbStreamRecord lr = new DynamodbEvent.DynamodbStreamRecord();
            lr.setEventID(r.eventID());
            lr.setEventName(r.eventNameAsString());
            lr.setEventSource("aws:dynamodb");
            lr.setAwsRegion(r.awsRegion());
            lr.setEventSourceARN(streamArn);
            StreamRecord sr = new StreamRecord();
            sr.setSequenceNumber(r.dynamodb().sequenceNumber());
            sr.setKeys(image(r.dynamodb().keys()));
            if (r.dynamodb().hasNewImage()) sr.setNewImage(image(r.dynamodb().newImage()));
            if (r.dynamodb().approximateCreationDateTime() != null) {
                sr.setApproximateCreationDateTime(Date.from(r.dynamodb().approximateCreationDateTime()));
            }
            sr.setStreamViewType(StreamViewType.NEW_IMAGE);
            lr.setDynamodb(sr);
            out.add(lr);
        }
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(out);
        return event;
    }

    private static Map<String, AttributeValue> image(Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> m) {
        Map<String, AttributeValue> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, value(v)));
        return out;
    }

    private static AttributeValue value(software.amazon.awssdk.services.dynamodb.model.AttributeValue v) {
        AttributeValue a = new AttributeValue();
        if (v.s() != null) a.setS(v.s());
        else if (v.n() != null) a.setN(v.n());
        else if (v.bool() != null) a.setBOOL(v.bool());
        else if (Boolean.TRUE.equals(v.nul())) a.setNULL(true);
        else if (v.hasSs()) a.setSS(v.ss());
        else if (v.hasNs()) a.setNS(v.ns());
        else if (v.hasL()) a.setL(v.l().stream().map(StreamRecords::value).toList());
        else if (v.hasM()) a.setM(image(v.m()));
        else if (v.b() != null) a.setB(v.b().asByteBuffer());
        return a;
    }
}
