package dev.purser.functions.priming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;
import dev.purser.store.TableDefinition;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An SDK HTTP client that answers DynamoDB's JSON protocol in process, from a handful of
 * synthetic items: the stage a priming rehearsal plays on (see {@link DecisionRehearsal}).
 *
 * <p>The SDK client in front of it is a real one (marshalling, signing, interceptors,
 * unmarshalling all run); only the socket is replaced. {@code GetItem} and {@code BatchGetItem}
 * find the items it was given by key; {@code TransactWriteItems} succeeds and changes nothing;
 * any other operation is refused (a decision makes no other call: if one ever does, the
 * rehearsal fails loudly instead of acting on a made-up answer). None of its requests leaves the
 * process, so nothing a rehearsal does can reach the real table.
 */
final class CannedDynamo implements SdkHttpClient {
    private final Map<String, JsonNode> items = new HashMap<>();
    private final AtomicInteger calls = new AtomicInteger();

    /** @param items the items it holds, each with its {@code pk} and {@code sk} */
    CannedDynamo(List<Map<String, AttributeValue>> items) {
        for (Map<String, AttributeValue> item : items) {
            this.items.put(id(item.get(TableDefinition.PK).s(), item.get(TableDefinition.SK).s()), wire(item));
        }
    }

    /** How many requests it answered (the rehearsal checks it was the stage, not the network). */
    int calls() {
        return calls.get();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
        String operation = target.substring(target.indexOf('.') + 1);
        JsonNode body = Json.parseTrusted(read(request));
        byte[] answer = Json.write(answer(operation, body)).getBytes(StandardCharsets.UTF_8);
        calls.incrementAndGet();
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(200)
                                .putHeader("Content-Type", "application/x-amz-json-1.0")
                                .putHeader("Content-Length", Integer.toString(answer.length))
                                .build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer)))
                        .build();
            }

            @Override
            public void abort() {
                // Answered in memory: nothing to abort.
            }
        };
    }

    @Override
    public String clientName() {
        return "PrimingCanned";
    }

    @Override
    public void close() {
        // Holds no connection.
    }

    private JsonNode answer(String operation, JsonNode body) {
        ObjectNode out = Json.object();
        switch (operation) {
            case "GetItem" -> {
                JsonNode item = items.get(id(body.path("Key")));
                if (item != null) out.set("Item", item);
            }
            case "BatchGetItem" -> {
                ObjectNode responses = out.putObject("Responses");
                body.path("RequestItems").fields().forEachRemaining(table -> {
                    ArrayNode found = responses.putArray(table.getKey());
                    for (JsonNode key : table.getValue().path("Keys")) {
                        JsonNode item = items.get(id(key));
                        if (item != null) found.add(item);
                    }
                });
                out.putObject("UnprocessedKeys");
            }
            case "TransactWriteItems" -> {
                // Succeeds and changes nothing; no attributes are returned on success.
            }
            default -> throw new IllegalStateException("the priming stage answers GetItem, BatchGetItem and "
                    + "TransactWriteItems only (a decision's calls), not " + operation);
        }
        return out;
    }

    private static String read(HttpExecuteRequest request) {
        if (request.contentStreamProvider().isEmpty()) return "{}";
        try (InputStream in = request.contentStreamProvider().get().newStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String id(JsonNode key) {
        return id(key.path(TableDefinition.PK).path("S").asText(), key.path(TableDefinition.SK).path("S").asText());
    }

    private static String id(String pk, String sk) {
        return pk + "|" + sk;
    }

    /** An item in DynamoDB's wire form: the attribute types a synthetic item uses. */
    private static ObjectNode wire(Map<String, AttributeValue> item) {
        ObjectNode out = Json.object();
        item.forEach((name, value) -> out.set(name, wire(value)));
        return out;
    }

    private static ObjectNode wire(AttributeValue v) {
        ObjectNode out = Json.object();
        if (v.s() != null) out.put("S", v.s());
        else if (v.n() != null) out.put("N", v.n());
        else if (v.bool() != null) out.put("BOOL", v.bool());
        else if (v.hasL()) {
            ArrayNode list = out.putArray("L");
            v.l().forEach(e -> list.add(wire(e)));
        } else if (v.hasM()) {
            out.set("M", wire(v.m()));
        } else {
            throw new IllegalArgumentException("a canned item uses S, N, BOOL, L or M only: " + v);
        }
        return out;
    }
}
