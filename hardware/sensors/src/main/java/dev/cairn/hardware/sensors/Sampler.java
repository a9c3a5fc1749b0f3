package dev.cairn.hardware.sensors;

import dev.cairn.hardware.api.Reading;
import dev.cairn.observe.Health;
import dev.cairn.observe.MetricWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one sensor on a thread of its own: every interval while it answers; after a failure the
 * device is closed, the health is DOWN with the reason, one WARN line is logged for the whole outage,
 * and it is opened again after a growing backoff until it answers — then one INFO line and UP again.
 * Nothing it does throws out of it: other sensors never notice.
 */
final class Sampler {
    private static final Logger LOG = LoggerFactory.getLogger(Sampler.class);

    private final Sampling sampling;
    private final Device.Opener opener;
    private final Consumer<Reading> publish;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong readings = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile Health health = Health.down("no reading yet");
    private volatile boolean stopped;
    private Device device;            // only touched by the scheduler's thread
    private int failuresInARow;

    Sampler(Sampling sampling, Device.Opener opener, Consumer<Reading> publish, Clock clock) {
        this.sampling = sampling;
        this.opener = opener;
        this.publish = publish;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sensor-" + sampling.name());
            t.setDaemon(true);
            return t;
        });
    }

    Sampler start() {
        scheduler.execute(this::cycle);
        return this;
    }

    void stop() {
        stopped = true;
        scheduler.execute(this::closeDevice);   // on its own thread, after a read in progress
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) scheduler.shutdownNow();
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    Health health() {
        return health;
    }

    long readings() {
        return readings.get();
    }

    long errors() {
        return errors.get();
    }

    void collect(MetricWriter out) {
        String name = sampling.name();
        out.counter("cairn_sensor_readings_total", "Readings published by a sensor.", readings.get(), "sensor", name);
        out.counter("cairn_sensor_errors_total", "Failed attempts to read a sensor.", errors.get(), "sensor", name);
        out.gauge("cairn_sensor_up", "1 while the sensor answers, 0 while it is DOWN.", health.isUp() ? 1 : 0, "sensor", name);
    }

    private void cycle() {
        if (stopped) return;
        Duration next;
        try {
            if (device == null) device = opener.open();
            List<Reading> values = device.read(clock.instant());
            for (Reading r : values) {
                publish.accept(r);
                readings.incrementAndGet();
            }
            if (failuresInARow > 0) {
                LOG.info("sensor {}: answers again after {} failed attempts", sampling.name(), failuresInARow);
            }
            failuresInARow = 0;
            health = Health.up();
            next = sampling.interval();
        } catch (Exception | LinkageError e) {
            next = failed(e);
        }
        if (!stopped) scheduler.schedule(this::cycle, next.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Duration failed(Throwable e) {
        errors.incrementAndGet();
        failuresInARow++;
        closeDevice();
        String reason = reason(e);
        health = Health.down(reason);
        Duration backoff = sampling.backoff(failuresInARow);
        if (failuresInARow == 1) {
            LOG.warn("sensor {} is DOWN: {}; retrying with backoff (first in {} ms)", sampling.name(), reason, backoff.toMillis());
        } else {
            LOG.debug("sensor {} still DOWN ({} attempts): {}", sampling.name(), failuresInARow, reason);
        }
        return backoff;
    }

    private void closeDevice() {
        if (device == null) return;
        try {
            device.close();
        } catch (RuntimeException e) {
            LOG.debug("sensor {}: closing the device failed: {}", sampling.name(), e.toString());
        }
        device = null;
    }

    static String reason(Throwable e) {
        if (e instanceof SensorException) return e.getMessage();
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
