package dev.purser.policy;

/**
 * One validation failure (or warning) of an owner-API body.
 *
 * @param field the JSON path, e.g. {@code daily_limit}, {@code schedule.overrides[1].days[0]}
 * @param suggestion the nearest valid value, e.g. {@code daily_limit} for a key {@code dayly_limit}; null: none
 */
public record FieldError(String field, String message, String suggestion) {
    public FieldError(String field, String message) {
        this(field, message, null);
    }

    /** The same problem under another path (a surface that nests the policy, or names its fields otherwise). */
    public FieldError at(String newField) {
        return new FieldError(newField, message, suggestion);
    }
}
