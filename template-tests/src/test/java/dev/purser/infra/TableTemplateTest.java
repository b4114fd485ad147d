package dev.purser.infra;

import static dev.purser.infra.SynthesizedStack.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.purser.store.TableDefinition;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TableTemplateTest {

    private static final TableDefinition DEFINITION = TableDefinition.PURSER;
    private static Map<String, Object> table;
    private static Map<String, Object> tableResource;

    @BeforeAll
    static void findTable() {
        Map<String, Map<String, Object>> tables = resources("AWS::DynamoDB::Table");
        assertEquals(1, tables.size(), "a single table");
        tableResource = tables.values().iterator().next();
        table = properties(tableResource);
    }

    @Test
    void keySchemaIsTheDefinitions() {
        assertEquals(keySchema(DEFINITION.partitionKey(), DEFINITION.sortKey()), table.get("KeySchema"));
    }

    @Test
    void everyKeyAttributeIsDeclaredAsString() {
        Set<Object> declared = list(table.get("AttributeDefinitions")).stream().map(SynthesizedStack::map)
                .peek(a -> assertEquals("S", a.get("AttributeType")))
                .map(a -> a.get("AttributeName"))
                .collect(Collectors.toSet());
        assertEquals(Set.copyOf(DEFINITION.keyAttributes()), declared);
    }

    @Test
    void globalSecondaryIndexesAreTheDefinitions() {
        List<Object> indexes = list(table.get("GlobalSecondaryIndexes"));
        assertEquals(DEFINITION.indexes().size(), indexes.size());
        for (TableDefinition.Index expected : DEFINITION.indexes()) {
            Map<String, Object> actual = indexes.stream().map(SynthesizedStack::map)
                    .filter(i -> expected.name().equals(i.get("IndexName")))
                    .findFirst().orElseThrow(() -> new AssertionError("missing index " + expected.name()));
            assertEquals(keySchema(expected.partitionKey(), expected.sortKey()), actual.get("KeySchema"));
            assertEquals(Map.of("ProjectionType", "ALL"), actual.get("Projection"));
        }
    }

    @Test
    void onDemandWithPointInTimeRecoveryTtlAndNewImageStream() {
        assertEquals("PAY_PER_REQUEST", table.get("BillingMode"));
        assertEquals(true, map(table.get("PointInTimeRecoverySpecification")).get("PointInTimeRecoveryEnabled"));
        assertEquals(Map.of("AttributeName", DEFINITION.ttlAttribute(), "Enabled", true),
                table.get("TimeToLiveSpecification"));
        assertEquals(DEFINITION.streamView().name(), map(table.get("StreamSpecification")).get("StreamViewType"));
    }

    @Test
    void retainedWhenTheStackIsDeleted() {
        assertEquals("Retain", tableResource.get("DeletionPolicy"));
        assertEquals("Retain", tableResource.get("UpdateReplacePolicy"));
    }

    private static List<Map<String, Object>> keySchema(String partitionKey, String sortKey) {
        return List.of(Map.of("AttributeName", partitionKey, "KeyType", "HASH"),
                Map.of("AttributeName", sortKey, "KeyType", "RANGE"));
    }
}
