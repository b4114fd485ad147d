package dev.purser.store;

import java.util.Collection;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Terse constructors and readers for DynamoDB attribute values. */
public final class Attr {
    private static final AttributeValue NULL = AttributeValue.fromNul(true);

    private Attr() {}

    public static AttributeValue s(String v) {
        return v == null ? NULL : AttributeValue.fromS(v);
    }

    public static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    public static AttributeValue bool(boolean v) {
        return AttributeValue.fromBool(v);
    }

    public static AttributeValue ss(Collection<String> v) {
        return AttributeValue.fromL(v.stream().map(AttributeValue::fromS).toList());
    }

    public static AttributeValue map(Map<String, AttributeValue> v) {
        return AttributeValue.fromM(v);
    }

    public static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.s() == null ? null : v.s();
    }

    public static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0L : Long.parseLong(v.n());
    }

    public static Long numOrNull(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? null : Long.parseLong(v.n());
    }

    public static boolean flag(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v != null && Boolean.TRUE.equals(v.bool());
    }

    public static java.util.List<String> list(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        if (v == null || !v.hasL()) return java.util.List.of();
        return v.l().stream().map(AttributeValue::s).toList();
    }

    public static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(TableDefinition.PK, s(pk), TableDefinition.SK, s(sk));
    }
}
