package dev.purser.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The invariant load's operations, generated from a seed alone, so {@code --seed S} replays
 * exactly the same schedule: which agent creates how much, which earlier create each approve,
 * reject, expire or confirm targets, when the sweep runs and how far the clock jumps. (Thread
 * interleavings, and so which of two racing operations wins, are not replayable.)
 */
final class Schedule {
    enum Kind { CREATE, APPROVE, REJECT, EXPIRE, CONFIRM, SWEEP, ADVANCE_CLOCK }

    /**
     * @param agent CREATE: agent index
     * @param amount CREATE: amount; CONFIRM: actual amount in minor units, or -1 for none
     * @param target APPROVE/REJECT/EXPIRE/CONFIRM: index of the CREATE (in creation order) it acts on
     * @param success CONFIRM: success or failure
     * @param minutes ADVANCE_CLOCK: minutes
     */
    record Op(Kind kind, int agent, long amount, int target, boolean success, long minutes) {}

    static final String[] CATEGORIES = {"groceries", "software", "travel", "restaurants", "office_supplies"};

    final List<Op> ops;
    final int creates;

    private Schedule(List<Op> ops, int creates) {
        this.ops = ops;
        this.creates = creates;
    }

    static Schedule generate(long seed, int agents, int requests) {
        Random rnd = new Random(seed);
        List<Op> ops = new ArrayList<>();
        int created = 0;
        List<Long> amounts = new ArrayList<>();
        while (created < requests) {
            // Roughly 40 creates between clock moves: under the 60/min/agent rate limit for any agent.
            if (ops.size() % 75 == 74) {
                long minutes = rnd.nextInt(100) < 10 ? 6 * 60 : 1 + rnd.nextInt(12);
                ops.add(new Op(Kind.ADVANCE_CLOCK, 0, 0, 0, false, minutes));
                continue;
            }
            int roll = rnd.nextInt(100);
            if (roll < 55 || created == 0) {
                long amount = 1_00 + rnd.nextInt(11_900); // 1.00 .. 119.99
                ops.add(new Op(Kind.CREATE, rnd.nextInt(agents), amount, 0, false, 0));
                amounts.add(amount);
                created++;
                continue;
            }
            // Mostly recent requests, so owners act while requests are still pending and races happen.
            int target = Math.max(0, created - 1 - rnd.nextInt(Math.min(created, 60)));
            if (roll < 70) ops.add(new Op(Kind.APPROVE, 0, 0, target, false, 0));
            else if (roll < 80) ops.add(new Op(Kind.REJECT, 0, 0, target, false, 0));
            else if (roll < 85) ops.add(new Op(Kind.EXPIRE, 0, 0, target, false, 0));
            else if (roll < 98) {
                boolean success = rnd.nextInt(100) < 85;
                // An actual amount within -20%..+20% of the request's, or none (the amount stands).
                long actual = rnd.nextInt(3) == 0 ? -1 : amounts.get(target) * (80 + rnd.nextInt(41)) / 100;
                ops.add(new Op(Kind.CONFIRM, 0, actual, target, success, 0));
            } else {
                ops.add(new Op(Kind.SWEEP, 0, 0, 0, false, 0));
            }
        }
        return new Schedule(List.copyOf(ops), created);
    }
}
