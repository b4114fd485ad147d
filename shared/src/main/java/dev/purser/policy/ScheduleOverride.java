package dev.purser.policy;

import java.time.DayOfWeek;

/**
 * One {@code schedule.overrides[]} entry, precompiled.
 *
 * @param dayMask bit {@code n-1} set for ISO day {@code n} listed in {@code days}
 * @param dailyLimit replaces {@code policy.daily_limit} on matching days; null if absent
 * @param allow the window that decides on matching days; null if absent (or empty, as upstream
 *              treats a falsy {@code allow} as absent)
 * @param deny {@code deny: true}: matching days fail
 */
public record ScheduleOverride(int dayMask, Limit dailyLimit, TimeWindow allow, boolean deny) {

    public boolean matches(DayOfWeek day) {
        return (dayMask & Days.bit(day)) != 0;
    }

    /** An override with neither deny nor allow (say, only a daily_limit) does not decide the schedule check. */
    public boolean decides() {
        return deny || allow != null;
    }
}
