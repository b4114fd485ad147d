package dev.purser.x402;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.requests.AgentDenial;

/** How an x402 call ended; the HTTP layer renders each case. Only {@link Answered} may have written. */
public sealed interface X402Result {
    /** The token, account or agent may not make calls (spec §1.1). */
    record Denied(AgentDenial denial) implements X402Result {}

    /** 60 POSTs in this UTC minute already. */
    record RateLimited() implements X402Result {}

    /** Lost the race for this agent's figures too many times in a row. */
    record Contended() implements X402Result {}

    /** Not this agent's x402 authorization. */
    record NotFound() implements X402Result {}

    /** The authorization was reported already. */
    record AlreadyReported() implements X402Result {}

    /** The transaction hash was reported for another authorization. */
    record HashReused() implements X402Result {}

    /** A wallet is registered on this chain already. */
    record WalletExists(String chain) implements X402Result {}

    /** No custodial wallet provider is configured in this deployment. */
    record NoWalletProvider() implements X402Result {}

    /** The answer (authorize: authorized or declined, both HTTP 200), with its HTTP status. */
    record Answered(int status, JsonNode body) implements X402Result {}
}
