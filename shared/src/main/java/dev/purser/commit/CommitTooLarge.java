package dev.purser.commit;

/**
 * A commit that DynamoDB would refuse whole: more than 100 items, more than 4 MB, or two items on
 * the same key. Thrown before anything is sent; it is a programming error (a state change that
 * outgrew one transaction), never a user's.
 */
public final class CommitTooLarge extends IllegalStateException {
    public CommitTooLarge(String message) {
        super(message);
    }
}
