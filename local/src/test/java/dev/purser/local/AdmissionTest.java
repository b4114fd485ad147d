package dev.purser.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The local front's bounded queue (issue 30.4): with every worker busy, at most
 * {@link Admission#MAX_WAITING} requests wait; the next is shed at once, on the caller's thread
 * (the front answers it 503 without running it); a request that waited longer than
 * {@link Admission#MAX_WAIT_MILLIS} for a worker is shed too.
 */
class AdmissionTest {

    @Test
    void overTheBoundARequestIsShedAtOnceAndTheQueuedOnesStillRun() throws Exception {
        try (Admission admission = new Admission()) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch busy = new CountDownLatch(Admission.WORKERS);
            for (int i = 0; i < Admission.WORKERS; i++) {
                admission.execute(() -> {
                    busy.countDown();
                    await(release);
                });
            }
            assertTrue(busy.await(30, TimeUnit.SECONDS), "every worker busy");
            AtomicInteger ranUnshed = new AtomicInteger();
            CountDownLatch queuedDone = new CountDownLatch(Admission.MAX_WAITING);
            for (int i = 0; i < Admission.MAX_WAITING; i++) {
                admission.execute(() -> {
                    if (!Admission.shed()) ranUnshed.incrementAndGet();
                    queuedDone.countDown();
                });
            }
            AtomicBoolean shedInline = new AtomicBoolean();
            Thread caller = Thread.currentThread();
            admission.execute(() -> shedInline.set(Admission.shed() && Thread.currentThread() == caller));
            assertTrue(shedInline.get(), "the request over the bound was shed on the dispatcher's thread");
            assertFalse(Admission.shed(), "the flag does not outlive the request");

            release.countDown();
            assertTrue(queuedDone.await(30, TimeUnit.SECONDS));
            assertEquals(Admission.MAX_WAITING, ranUnshed.get(), "the ones within the bound ran (they waited briefly)");
        }
    }

    @Test
    void aRequestThatWaitedTooLongForAWorkerIsShed() throws Exception {
        try (Admission admission = new Admission()) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch busy = new CountDownLatch(Admission.WORKERS);
            for (int i = 0; i < Admission.WORKERS; i++) {
                admission.execute(() -> {
                    busy.countDown();
                    await(release);
                });
            }
            assertTrue(busy.await(30, TimeUnit.SECONDS));
            AtomicBoolean shed = new AtomicBoolean();
            CountDownLatch ran = new CountDownLatch(1);
            admission.execute(() -> {
                shed.set(Admission.shed());
                ran.countDown();
            });
            Thread.sleep(Admission.MAX_WAIT_MILLIS + 200);
            release.countDown();
            assertTrue(ran.await(30, TimeUnit.SECONDS));
            assertTrue(shed.get(), "it waited longer than " + Admission.MAX_WAIT_MILLIS + " ms: answered 503 without running");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
