package dev.cairn.hardware.sensors;

import dev.cairn.observe.Health;
import dev.cairn.observe.HealthCheck;
import dev.cairn.observe.MetricSource;
import dev.cairn.observe.MetricWriter;

/** What every sensor component offers the node: its health ({@code sensor:<name>}) and its counters. */
abstract class SensorComponent implements HealthCheck, MetricSource {
    private final String name;
    private final Sampler sampler;

    SensorComponent(String name, Sampler sampler) {
        this.name = name;
        this.sampler = sampler;
    }

    @Override
    public final String name() {
        return "sensor:" + name;
    }

    @Override
    public final Health check() {
        return sampler.health();
    }

    @Override
    public final void collect(MetricWriter out) {
        sampler.collect(out);
    }

    final Sampler sampler() {
        return sampler;
    }

    /** Stops reading and closes the device; called by each component's {@code @Deactivate}. */
    final void stop() {
        sampler.stop();
    }
}
