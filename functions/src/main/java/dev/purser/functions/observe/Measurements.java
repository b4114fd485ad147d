package dev.purser.functions.observe;

import java.util.ArrayList;
import java.util.List;

/** The metric values of one invocation, emitted together at its end (one EMF document). */
public final class Measurements {
    public enum Unit { COUNT, MILLISECONDS }

    public record Value(String name, double value, Unit unit) {}

    private final List<Value> values = new ArrayList<>();

    public Measurements count(String name, double n) {
        values.add(new Value(name, n, Unit.COUNT));
        return this;
    }

    public Measurements millis(String name, double ms) {
        values.add(new Value(name, ms, Unit.MILLISECONDS));
        return this;
    }

    public List<Value> values() {
        return List.copyOf(values);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }
}
