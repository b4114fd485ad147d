package dev.purser.services;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.config.Purser;
import java.util.function.Supplier;

/** Builds the services API once per container, for the Services function and the MCP tools alike. */
public final class ServicesWiring {
    private ServicesWiring() {}

    /** @param publishedKeys the payment-token keys the function also serves ({@code X402Tokens.publishedKeys}) */
    public static ServicesApi api(Purser purser, Supplier<ObjectNode> publishedKeys) {
        return new ServicesApi(new ServiceCatalog(purser.reader(), new ServiceStore(purser.dynamo(), purser.table()),
                purser.clock()), publishedKeys);
    }
}
