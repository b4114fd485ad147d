package dev.purser.accounts;

import static dev.purser.store.Attr.bool;
import static dev.purser.store.Attr.key;
import static dev.purser.store.Attr.n;
import static dev.purser.store.Attr.s;
import static dev.purser.store.Attr.str;

import dev.purser.auth.Secrets;
import dev.purser.events.EventType;
import dev.purser.events.Outbox;
import dev.purser.policy.AgentStatus;
import dev.purser.retry.Contended;
import dev.purser.retry.Retry;
import dev.purser.store.Keys;
import dev.purser.store.TableDefinition;
import dev.purser.time.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Agents and their tokens. */
public final class AgentStore {
    private final DynamoDbClient dynamo;
    private final String table;
    private final Outbox outbox;

    public AgentStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
        this.outbox = new Outbox(table);
    }

    /** What registering gave: the agent and whether it is new. */
    public record Registered(Agent agent, boolean created) {}

    /** The fields a registration sets. {@code policyJson} may be null. */
    public record Registration(String externalId, String name, String description, long budget, String policyJson,
                               String onLimitExceeded) {}

    /**
     * Registers an agent, idempotent by external id within the account: the claim item and the
     * agent are written in one transaction, so two racing registrations produce one agent.
     */
    public Registered register(String accountId, Registration reg, Instant now) {
        for (int attempt : Retry.attempts(3)) {
            if (reg.externalId() != null) {
                var claim = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                        .key(key(Keys.account(accountId), Keys.externalIdSk(reg.externalId())))).item();
                if (claim != null && !claim.isEmpty()) {
                    Agent existing = get(str(claim, "agent_id"));
                    if (existing != null) return new Registered(existing, false);
                }
            }
            String id = Agent.ID_PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
            Map<String, AttributeValue> item = new HashMap<>();
            item.put(TableDefinition.PK, s(Keys.agent(id)));
            item.put(TableDefinition.SK, s(Keys.AGENT_SK));
            item.put(TableDefinition.GSI1_PK, s(Keys.accountAgents(accountId)));
            item.put(TableDefinition.GSI1_SK, s(Times.stored(now) + "#" + id));
            item.put("agent_id", s(id));
            item.put("account_id", s(accountId));
            item.put("name", s(reg.name()));
            if (reg.description() != null) item.put("description", s(reg.description()));
            if (reg.externalId() != null) item.put("external_id", s(reg.externalId()));
            item.put("status", s("active"));
            if (reg.policyJson() != null) item.put("policy", s(reg.policyJson()));
            item.put("budget", n(reg.budget()));
            item.put("spent", n(0));
            item.put("held", n(0));
            item.put("available", n(reg.budget()));
            item.put("pending_count", n(0));
            item.put("on_limit_exceeded", s(reg.onLimitExceeded() == null ? "none" : reg.onLimitExceeded()));
            item.put("created_at", s(Times.stored(now)));
            item.put("updated_at", s(Times.stored(now)));
            Agent agent = Agent.fromItem(item);
            List<TransactWriteItem> writes = new ArrayList<>();
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(pk)").build()).build());
            if (reg.externalId() != null) {
                writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(Map.of(
                        TableDefinition.PK, s(Keys.account(accountId)),
                        TableDefinition.SK, s(Keys.externalIdSk(reg.externalId())),
                        "agent_id", s(id))).conditionExpression("attribute_not_exists(pk)").build()).build());
            }
            writes.add(outbox.put(EventType.AGENT_REGISTERED, accountId, AgentViews.owner(agent), now));
            try {
                dynamo.transactWriteItems(b -> b.transactItems(writes));
                return new Registered(agent, true);
            } catch (TransactionCanceledException e) {
                // Another registration claimed the external id first: read it on the next pass.
            }
        }
        throw new IllegalStateException("could not register agent " + reg.externalId());
    }

    public Agent get(String agentId) {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(Keys.agent(agentId), Keys.AGENT_SK))).item();
        return item == null || item.isEmpty() ? null : Agent.fromItem(item);
    }

    /** Changes of an agent by its owner; null fields stay as they are. */
    public record AgentChange(String name, String description, Long budget, String status, String onLimitExceeded,
                              String policyJson, boolean clearPolicy) {
        public static AgentChange policy(String json) {
            return new AgentChange(null, null, null, null, null, json, json == null);
        }

        public static AgentChange status(String status) {
            return new AgentChange(null, null, null, status, null, null, false);
        }

        public static AgentChange budget(long budget) {
            return new AgentChange(null, null, budget, null, null, null, false);
        }
    }

    /**
     * Applies an owner's change in one conditional update. A budget change moves
     * {@code available} by the same difference, conditional on the budget read, so concurrent
     * holds keep {@code available = budget - spent - held} exact.
     *
     * @return the agent after the change, or null if it does not exist
     */
    public Agent update(String agentId, AgentChange change, Instant now) {
        return update(agentId, change, now, null);
    }

    /**
     * {@link #update(String, AgentChange, Instant)} that also writes {@code event} (with the agent
     * as changed) in the same transaction, when not null.
     */
    public Agent update(String agentId, AgentChange change, Instant now, EventType event) {
        for (int attempt : Retry.attempts(Retry.ATTEMPTS)) {
            Agent current = get(agentId);
            if (current == null) return null;
            Map<String, AttributeValue> values = new HashMap<>();
            Map<String, String> names = new HashMap<>();
            StringBuilder set = new StringBuilder("SET updated_at = :now");
            StringBuilder remove = new StringBuilder();
            StringBuilder add = new StringBuilder();
            values.put(":now", s(Times.stored(now)));
            String condition = "attribute_exists(pk)";
            if (change.name() != null) { set.append(", #n = :name"); names.put("#n", "name"); values.put(":name", s(change.name())); }
            if (change.description() != null) { set.append(", #desc = :d"); names.put("#desc", "description"); values.put(":d", s(change.description())); }
            if (change.status() != null) { set.append(", #st = :st"); names.put("#st", "status"); values.put(":st", s(change.status())); }
            if (change.onLimitExceeded() != null) { set.append(", on_limit_exceeded = :ole"); values.put(":ole", s(change.onLimitExceeded())); }
            if (change.policyJson() != null) { set.append(", #pol = :pol"); names.put("#pol", "policy"); values.put(":pol", s(change.policyJson())); }
            else if (change.clearPolicy()) { remove.append(" REMOVE #pol"); names.put("#pol", "policy"); }
            if (change.budget() != null && change.budget() != current.budget()) {
                set.append(", #budget = :b");
                names.put("#budget", "budget");
                values.put(":b", n(change.budget()));
                values.put(":old", n(current.budget()));
                values.put(":diff", n(change.budget() - current.budget()));
                add.append(" ADD available :diff");
                condition += " AND #budget = :old";
            }
            String expression = set + remove.toString() + add;
            String cond = condition;
            try {
                if (event == null) {
                    dynamo.updateItem(b -> b.tableName(table).key(key(Keys.agent(agentId), Keys.AGENT_SK))
                            .updateExpression(expression).conditionExpression(cond)
                            .expressionAttributeNames(names.isEmpty() ? null : names)
                            .expressionAttributeValues(values));
                } else {
                    var update = software.amazon.awssdk.services.dynamodb.model.Update.builder().tableName(table)
                            .key(key(Keys.agent(agentId), Keys.AGENT_SK))
                            .updateExpression(expression).conditionExpression(cond)
                            .expressionAttributeNames(names.isEmpty() ? null : names)
                            .expressionAttributeValues(values).build();
                    dynamo.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().update(update).build(),
                            outbox.put(event, current.accountId(), AgentViews.owner(applied(current, change, now)), now)));
                }
                return get(agentId);
            } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException
                     | TransactionCanceledException e) {
                // budget moved under us (or the agent vanished): read again
            }
        }
        throw new Contended("The agent kept changing under concurrent edits; retry shortly");
    }

    /**
     * Archives the agent and frees its external id for a new registration, with the
     * {@code agent.deregistered} event, in one transaction. The claim is deleted only while it
     * still names this agent.
     *
     * @return the archived agent, or null if it was archived already (nothing written)
     */
    public Agent archive(Agent agent, Instant now) {
        Agent after = applied(agent, AgentChange.status(AgentStatus.ARCHIVED.wire()), now);
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().update(software.amazon.awssdk.services.dynamodb.model.Update.builder()
                .tableName(table).key(key(Keys.agent(agent.id()), Keys.AGENT_SK))
                .updateExpression("SET #st = :archived, updated_at = :now")
                .conditionExpression("attribute_exists(pk) AND #st <> :archived")
                .expressionAttributeNames(Map.of("#st", "status"))
                .expressionAttributeValues(Map.of(":archived", s("archived"), ":now", s(Times.stored(now))))
                .build()).build());
        if (agent.externalId() != null) {
            writes.add(TransactWriteItem.builder().delete(software.amazon.awssdk.services.dynamodb.model.Delete.builder()
                    .tableName(table).key(key(Keys.account(agent.accountId()), Keys.externalIdSk(agent.externalId())))
                    .conditionExpression("attribute_not_exists(pk) OR agent_id = :id")
                    .expressionAttributeValues(Map.of(":id", s(agent.id())))
                    .build()).build());
        }
        writes.add(outbox.put(EventType.AGENT_DEREGISTERED, agent.accountId(), AgentViews.owner(after), now));
        try {
            dynamo.transactWriteItems(b -> b.transactItems(writes));
            return after;
        } catch (TransactionCanceledException e) {
            return null;
        }
    }

    /** The agent as {@code change} leaves it (for the event written with the change). */
    static Agent applied(Agent a, AgentChange c, Instant now) {
        String policy = c.policyJson() != null ? c.policyJson() : c.clearPolicy() ? null : a.policyJson();
        return new Agent(a.id(), a.accountId(), c.name() != null ? c.name() : a.name(),
                c.description() != null ? c.description() : a.description(), a.externalId(),
                c.status() != null ? AgentStatus.fromWire(c.status()) : a.status(), policy,
                c.budget() != null ? c.budget() : a.budget(), a.spent(), a.held(), a.pendingCount(),
                c.onLimitExceeded() != null ? c.onLimitExceeded() : a.onLimitExceeded(), a.createdAt(), now);
    }

    /** A new token: the full {@code agt_…} value is returned once and stored only as a digest. */
    public record IssuedToken(AgentToken token, String secret) {}

    public IssuedToken createToken(Agent agent, String name, Instant now) {
        String secret = Secrets.generate("agt_");
        String hash = Secrets.sha256Hex(secret);
        String tokenId = "tok_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableDefinition.PK, s(Keys.token(hash)));
        item.put(TableDefinition.SK, s(Keys.TOKEN_SK));
        item.put(TableDefinition.GSI1_PK, s(Keys.agentTokens(agent.id())));
        item.put(TableDefinition.GSI1_SK, s(Times.stored(now) + "#" + tokenId));
        item.put("token_id", s(tokenId));
        item.put("token_hash", s(hash));
        item.put("agent_id", s(agent.id()));
        item.put("account_id", s(agent.accountId()));
        item.put("prefix", s(Secrets.displayPrefix(secret)));
        item.put("name", s(name == null ? "default" : name));
        item.put("active", bool(true));
        item.put("created_at", s(Times.stored(now)));
        AgentToken token = AgentToken.fromItem(item);
        dynamo.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(pk)").build()).build(),
                outbox.put(EventType.AGENT_TOKEN_CREATED, agent.accountId(), AgentViews.token(token), now)));
        return new IssuedToken(token, secret);
    }

    /** One page of an account's agents, newest first; {@code next} is null on the last page. */
    public record Page(List<Agent> agents, Map<String, AttributeValue> next) {}

    /**
     * @param status only agents of this status (wire name), or null for all
     * @param start where the previous page ended, or null
     */
    public Page page(String accountId, String status, int limit, Map<String, AttributeValue> start) {
        String partition = Keys.accountAgents(accountId);
        Map<String, AttributeValue> last;
        List<Agent> found = new ArrayList<>();
        do {
            Map<String, String> names = new HashMap<>(Map.of("#p", TableDefinition.GSI1_PK));
            Map<String, AttributeValue> values = new HashMap<>(Map.of(":p", s(partition)));
            QueryRequest.Builder q = QueryRequest.builder().tableName(table).indexName(TableDefinition.GSI1)
                    .keyConditionExpression("#p = :p").scanIndexForward(false)
                    .exclusiveStartKey(start).limit(limit - found.size());
            if (status != null) {
                names.put("#st", "status");
                values.put(":st", s(status));
                q.filterExpression("#st = :st");
            }
            QueryResponse page = dynamo.query(q.expressionAttributeNames(names).expressionAttributeValues(values).build());
            page.items().forEach(i -> found.add(Agent.fromItem(i)));
            last = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            start = last;
        } while (start != null && found.size() < limit);
        return new Page(found, last);
    }

    /** The live agent of the account holding this external id (its claim item answers directly), or null. */
    public Agent byExternalId(String accountId, String externalId) {
        var claim = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(Keys.account(accountId), Keys.externalIdSk(externalId)))).item();
        if (claim == null || claim.isEmpty()) return null;
        Agent a = get(str(claim, "agent_id"));
        return a != null && a.accountId().equals(accountId) ? a : null;
    }
}
