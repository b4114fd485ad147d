package dev.purser.requests;

/** How a lifecycle transition ended. */
public sealed interface Transition {
    /** Applied; {@code request} is the new state. */
    record Done(PurchaseRequest request) implements Transition {}

    /** No such request (or not the caller's). */
    record NotFound() implements Transition {}

    /** The request is not in a status this transition starts from. */
    record WrongStatus(PurchaseRequest request) implements Transition {}

    /** The request was pending past its expiry: it is now expired and its hold released. */
    record Expired(PurchaseRequest request) implements Transition {}
}
