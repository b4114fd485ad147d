package dev.purser.functions.observe;

import dev.purser.observe.MetricNames;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/** Where an invocation's {@link Measurements} go. */
public interface MetricsSink {
    void emit(Measurements m);

    /** Nowhere: the local runtime (its JSON log lines carry the same figures) and plain tests. */
    MetricsSink NONE = m -> {};

    /**
     * CloudWatch through Powertools' EMF logger (functional API: add, then flush). Lambda ships
     * the EMF document from stdout to CloudWatch Metrics; no API call, no extra latency.
     */
    static MetricsSink powertools() {
        Metrics metrics = MetricsFactory.getMetricsInstance();
        metrics.setNamespace(MetricNames.NAMESPACE);
        metrics.setDefaultDimensions(DimensionSet.of(MetricNames.SERVICE_DIMENSION, MetricNames.SERVICE));
        metrics.setRaiseOnEmptyMetrics(false);
        return m -> {
            if (m.isEmpty()) return;
            for (Measurements.Value v : m.values()) {
                metrics.addMetric(v.name(), v.value(),
                        v.unit() == Measurements.Unit.MILLISECONDS ? MetricUnit.MILLISECONDS : MetricUnit.COUNT);
            }
            metrics.flush();
        };
    }
}
