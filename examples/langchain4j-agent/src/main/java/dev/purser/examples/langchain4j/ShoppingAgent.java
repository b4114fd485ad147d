package dev.purser.examples.langchain4j;

import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.SystemMessage;

/**
 * A LangChain4j agent that spends only through Purser. Give it any {@link ChatModel} (OpenAI,
 * Anthropic, Ollama, … from their langchain4j-* modules) and the agent's token:
 *
 * <pre>{@code
 * ShoppingAgent agent = ShoppingAgent.create(model, "http://localhost:8080", System.getenv("PURSER_TOKEN"));
 * System.out.println(agent.chat("Buy a JetBrains licence for about 12 USD"));
 * }</pre>
 */
public interface ShoppingAgent {
    @SystemMessage("You buy things for the user. Before spending any money, ask Purser with purser_request_purchase "
            + "and follow the answer: auto_approved means buy and then confirm the actual amount; pending means "
            + "tell the user it awaits approval; rejected means stop and tell the user the reason.")
    String chat(String userMessage);

    static ShoppingAgent create(ChatModel model, String purserUrl, String agentToken) {
        return AiServices.builder(ShoppingAgent.class)
                .chatModel(model)
                .chatMemory(MessageWindowChatMemory.withMaxMessages(40))
                .tools(PurserTools.forAgent(purserUrl, agentToken))
                .build();
    }

    /** Prints the tools the agent gets; plug a real ChatModel into {@link #create} to run it. */
    static void main(String[] args) {
        String url = System.getenv().getOrDefault("PURSER_URL", "http://localhost:8080");
        PurserTools.forAgent(url, System.getenv("PURSER_TOKEN")).keySet()
                .forEach(spec -> System.out.println(spec.name() + ": " + spec.description()));
    }
}
