package dev.purser.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.purser.testing.LocalAws;
import dev.purser.testing.WithLocalAws;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

@WithLocalAws
class TableDefinitionTest {

    @Test
    void harnessCreatesTheTableFromTheOneDefinition(LocalAws aws) {
        var table = aws.dynamo().describeTable(b -> b.tableName(LocalAws.TABLE)).table();
        assertEquals(TableDefinition.PURSER.indexes().size(), table.globalSecondaryIndexes().size());
        assertTrue(table.streamSpecification().streamEnabled());
        assertEquals(StreamViewType.NEW_IMAGE, table.streamSpecification().streamViewType());
        var ttl = aws.dynamo().describeTimeToLive(b -> b.tableName(LocalAws.TABLE)).timeToLiveDescription();
        assertEquals(TableDefinition.TTL, ttl.attributeName());
    }

    @Test
    void creatingAgainIsANoOp(LocalAws aws) {
        assertFalse(DynamoTables.createIfMissing(aws.dynamo(), LocalAws.TABLE, TableDefinition.PURSER));
    }
}
