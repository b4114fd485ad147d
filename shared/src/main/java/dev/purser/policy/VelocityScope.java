package dev.purser.policy;

/** Which velocity window a velocity rejection belongs to (one rejection record per window). */
public enum VelocityScope { MINUTE, HOUR }
