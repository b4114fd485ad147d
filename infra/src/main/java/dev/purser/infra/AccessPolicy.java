package dev.purser.infra;

import dev.purser.store.TableDefinition;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.sqs.IQueue;

/**
 * Turns an {@link Access} into IAM statements, each naming the resources it applies to: no
 * wildcard actions and no {@code Resource: *}.
 */
public record AccessPolicy(
        TableDefinition tableDefinition,
        ITable table,
        IEventBus eventBus,
        IQueue webhookQueue) {

    /** Lambda's DynamoDB stream poller uses these with the function's role. */
    static final List<String> STREAM_READ_ACTIONS = List.of(
            "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams");

    public List<PolicyStatement> statements(Access access) {
        List<PolicyStatement> statements = new ArrayList<>();
        if (!access.tableActions().isEmpty()) {
            statements.add(allow(access.tableActions().stream().map(DynamoDbAction::iamAction).toList(),
                    List.of(table.getTableArn())));
        }
        if (access.queriesIndexes()) {
            // Only Query applies to an index; each index is named, not ".../index/*".
            statements.add(allow(List.of(DynamoDbAction.QUERY.iamAction()),
                    tableDefinition.indexes().stream()
                            .map(index -> table.getTableArn() + "/index/" + index.name())
                            .toList()));
        }
        if (access.readsStream()) {
            statements.add(allow(STREAM_READ_ACTIONS, List.of(table.getTableStreamArn())));
        }
        if (access.publishesEvents()) {
            statements.add(allow(List.of("events:PutEvents"), List.of(eventBus.getEventBusArn())));
        }
        if (!access.webhookQueueActions().isEmpty()) {
            statements.add(allow(access.webhookQueueActions().stream().map(SqsAction::iamAction).toList(),
                    List.of(webhookQueue.getQueueArn())));
        }
        return statements;
    }

    static PolicyStatement allow(List<String> actions, List<String> resources) {
        return PolicyStatement.Builder.create().actions(actions).resources(resources).build();
    }
}
