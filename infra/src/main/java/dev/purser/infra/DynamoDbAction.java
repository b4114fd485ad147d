package dev.purser.infra;

/**
 * The DynamoDB item actions a function may be granted. TransactWriteItems and TransactGetItems
 * have no IAM action of their own: IAM checks each item against PutItem, UpdateItem, DeleteItem,
 * ConditionCheckItem or GetItem.
 */
public enum DynamoDbAction {
    GET_ITEM("dynamodb:GetItem"),
    BATCH_GET_ITEM("dynamodb:BatchGetItem"),
    QUERY("dynamodb:Query"),
    PUT_ITEM("dynamodb:PutItem"),
    UPDATE_ITEM("dynamodb:UpdateItem"),
    DELETE_ITEM("dynamodb:DeleteItem"),
    CONDITION_CHECK_ITEM("dynamodb:ConditionCheckItem");

    private final String iamAction;

    DynamoDbAction(String iamAction) {
        this.iamAction = iamAction;
    }

    public String iamAction() { return iamAction; }
}
