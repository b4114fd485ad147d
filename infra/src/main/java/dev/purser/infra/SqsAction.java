package dev.purser.infra;

/** The SQS actions a function may be granted on the webhook queue. */
public enum SqsAction {
    SEND_MESSAGE("sqs:SendMessage"),
    /** The Lambda event source mapping polls with the function's role. */
    RECEIVE_MESSAGE("sqs:ReceiveMessage"),
    DELETE_MESSAGE("sqs:DeleteMessage"),
    GET_QUEUE_ATTRIBUTES("sqs:GetQueueAttributes"),
    /** The dispatcher schedules its own retries (backoff) by extending a message's visibility. */
    CHANGE_MESSAGE_VISIBILITY("sqs:ChangeMessageVisibility");

    private final String iamAction;

    SqsAction(String iamAction) {
        this.iamAction = iamAction;
    }

    public String iamAction() { return iamAction; }
}
