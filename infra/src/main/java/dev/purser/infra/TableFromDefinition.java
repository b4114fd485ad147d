package dev.purser.infra;

import dev.purser.store.TableDefinition;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.constructs.Construct;

/**
 * Builds the DynamoDB table from {@link TableDefinition}, the record the local runtime and the
 * test harness also use, so no key or index name is repeated here.
 */
public final class TableFromDefinition {

    private TableFromDefinition() {}

    public static Table create(Construct scope, String id, TableDefinition definition) {
        Table table = Table.Builder.create(scope, id)
                .partitionKey(stringKey(definition.partitionKey()))
                .sortKey(stringKey(definition.sortKey()))
                // On-demand: traffic is bursty (agents) and small installations pay nothing idle.
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .timeToLiveAttribute(definition.ttlAttribute())
                .stream(streamViewType(definition.streamView()))
                // The ledger of spend decisions outlives any one deployment of the stack.
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        for (TableDefinition.Index index : definition.indexes()) {
            table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                    .indexName(index.name())
                    .partitionKey(stringKey(index.partitionKey()))
                    .sortKey(stringKey(index.sortKey()))
                    .projectionType(ProjectionType.ALL)
                    .build());
        }
        return table;
    }

    private static Attribute stringKey(String name) {
        return Attribute.builder().name(name).type(AttributeType.STRING).build();
    }

    private static StreamViewType streamViewType(TableDefinition.StreamView view) {
        return switch (view) {
            case NEW_IMAGE -> StreamViewType.NEW_IMAGE;
        };
    }
}
