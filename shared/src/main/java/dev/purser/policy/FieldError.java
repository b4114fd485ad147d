package dev.purser.policy;

/**
 * One validation failure of an owner-API body.
 *
 * @param field the JSON path, e.g. {@code daily_limit}, {@code schedule.overrides[1].days[0]}
 */
public record FieldError(String field, String message) {}
