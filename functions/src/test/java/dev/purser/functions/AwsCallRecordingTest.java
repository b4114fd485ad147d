package dev.purser.functions;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.purser.accounts.Account;
import dev.purser.functions.support.World;
import dev.purser.testing.AwsCallRecorder;
import dev.purser.testing.LocalAws;
import dev.purser.testing.WithLocalAws;
import org.junit.jupiter.api.Test;

/**
 * The recorder the IAM check relies on (template-tests' RecordedCallsTemplateTest) is installed in
 * this module's test JVM and attributes a handler's calls to its function; fixture calls outside
 * handlers are not recorded.
 */
@WithLocalAws
class AwsCallRecordingTest {
    final World world = new World();

    @Test
    void aHandlersCallsAreRecordedUnderItsFunction() {
        Account account = world.account();
        World.TestAgent agent = world.agent(account, 100_000, "{}");
        world.api.agentPost("/requests", agent.token(), "{\"amount\": \"1.00\", \"category\": \"groceries\"}");
        // A decision commits in a transaction: each item is recorded as the action IAM checks (PutItem).
        assertTrue(AwsCallRecorder.recorded().contains("CREATE_REQUEST\tdynamodb:PutItem\ttable\t" + LocalAws.TABLE + "\t"),
                AwsCallRecorder.recorded().toString());
        assertFalse(AwsCallRecorder.recorded().stream().anyMatch(l -> l.contains("\tunknown\t")), "every call is mapped");
    }
}
