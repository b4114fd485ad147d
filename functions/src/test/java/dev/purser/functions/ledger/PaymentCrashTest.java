package dev.purser.functions.ledger;

import static dev.purser.functions.ledger.Bank.external;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.purser.functions.support.Resp;
import dev.purser.functions.support.World;
import dev.purser.testing.WithLocalAws;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * The payment commits, then the answer is lost (a fault injected after DynamoDB acknowledged the
 * transaction, as if the Lambda died). The client retries with its Idempotency-Key: it gets the
 * first answer, and the money moved exactly once.
 */
@WithLocalAws
class PaymentCrashTest {
    /** Fails the call after its TransactWriteItems succeeded, once, when armed. */
    static final class LoseTheAnswer implements ExecutionInterceptor {
        final AtomicBoolean armed = new AtomicBoolean(false);

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof TransactWriteItemsRequest && armed.compareAndSet(true, false)) {
                throw new IllegalStateException("injected: the container died after the commit");
            }
        }
    }

    final LoseTheAnswer fault = new LoseTheAnswer();
    final World world = new World(fault);
    final Bank bank = new Bank(world);

    @Test
    void aRetryAfterALostAnswerReplaysItAndMovesMoneyOnce() {
        Bank.Agent a = bank.agent("1000", Bank.AUTO);
        bank.fund(a.walletId(), "100");
        fault.armed.set(true);
        Resp lost = bank.pay(a.token(), external(a.walletId(), "5"), "crash-1");
        assertEquals(500, lost.status(), lost.toString());
        Resp retry = bank.pay(a.token(), external(a.walletId(), "5"), "crash-1");
        assertEquals(201, retry.status(), retry.toString());
        assertEquals("true", retry.headers().get("idempotent-replayed"));
        assertEquals("completed", retry.json().get("status").asText());
        assertEquals("94.98", bank.balance(a.walletId()).get("balance").asText(), "one payment of 5.02");
        assertEquals(3, bank.lines(a.walletId()), "funding, payment, fee: once");
        bank.assertLedgerBalanced();
    }
}
