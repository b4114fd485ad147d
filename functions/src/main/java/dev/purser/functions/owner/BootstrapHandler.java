package dev.purser.functions.owner;

import dev.purser.functions.priming.ContainerInit;
import dev.purser.functions.priming.Priming;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.purser.config.Purser;
import dev.purser.json.Json;
import dev.purser.owner.Bootstrap;
import java.util.Map;

/**
 * Creates the first account and owner key: {@code aws lambda invoke --function-name <BootstrapFunctionName>
 * --qualifier live --payload '{"account_name":"Acme"}' out.json}. Invoke-only (no HTTP route), so
 * only principals allowed {@code lambda:InvokeFunction} can run it. A refusal or bad input fails
 * the invocation with its message.
 */
public final class BootstrapHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final Bootstrap bootstrap;

    public BootstrapHandler() {
        this(Priming.register(ContainerInit.purser()));
    }

    public BootstrapHandler(Purser purser) {
        this.bootstrap = new Bootstrap(purser);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        return Json.MAPPER.convertValue(bootstrap.run(input), Map.class);
    }
}
