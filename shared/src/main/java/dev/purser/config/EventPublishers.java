package dev.purser.config;

import dev.purser.events.EventBridgePublisher;
import dev.purser.events.EventPublisher;
import dev.purser.events.LocalBusPublisher;

import java.time.Clock;

/**
 * The publisher a deployment uses: EventBridge when {@code PURSER_EVENT_BUS_NAME} is set (the
 * stack sets it on every function); otherwise the local bus adapter onto the webhook queue (the
 * local runtime and the tests, which have no EventBridge).
 */
public final class EventPublishers {
    private EventPublishers() {}

    public static EventPublisher fromEnvironment(Env env, Clock clock) {
        AwsClients clients = new AwsClients(env);
        var bus = env.get(Env.EVENT_BUS_NAME);
        if (bus.isPresent()) return new EventBridgePublisher(clients.eventBridge(), bus.get());
        return new LocalBusPublisher(clients.sqs(), env.require(Env.WEBHOOK_QUEUE_URL),
                env.get("AWS_REGION", "us-east-1"), clock);
    }
}
