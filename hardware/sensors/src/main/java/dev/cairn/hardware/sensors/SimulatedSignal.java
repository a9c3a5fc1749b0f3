package dev.cairn.hardware.sensors;

import java.util.Random;

/**
 * A made-up quantity for demos: constant, a sine around {@code base}, or a random walk that stays within
 * {@code base ± amplitude}; each with optional Gaussian noise. Deterministic for a given seed.
 */
final class SimulatedSignal {
    enum Mode { CONSTANT, SINE, RANDOM_WALK }

    private final Mode mode;
    private final double base;
    private final double amplitude;
    private final double periodMs;
    private final double step;
    private final double noise;
    private final Random random;
    private double walk;

    SimulatedSignal(Mode mode, double base, double amplitude, long periodMs, double step, double noise, long seed) {
        this.mode = mode;
        this.base = base;
        this.amplitude = amplitude;
        this.periodMs = periodMs;
        this.step = step;
        this.noise = noise;
        this.random = new Random(seed);
        this.walk = base;
    }

    static Mode mode(String configured) {
        return switch (configured) {
            case "constant" -> Mode.CONSTANT;
            case "sine" -> Mode.SINE;
            case "random_walk" -> Mode.RANDOM_WALK;
            default -> throw new IllegalArgumentException("mode must be constant, sine or random_walk, not '" + configured + "'");
        };
    }

    /** The value {@code elapsedMs} after the start. */
    double value(long elapsedMs) {
        double v = switch (mode) {
            case CONSTANT -> base;
            case SINE -> base + amplitude * Math.sin(2 * Math.PI * elapsedMs / periodMs);
            case RANDOM_WALK -> {
                walk += random.nextGaussian() * step;
                if (walk > base + amplitude) walk = 2 * (base + amplitude) - walk;   // reflect at the bounds
                if (walk < base - amplitude) walk = 2 * (base - amplitude) - walk;
                walk = Math.max(base - amplitude, Math.min(base + amplitude, walk));
                yield walk;
            }
        };
        return noise > 0 ? v + random.nextGaussian() * noise : v;
    }
}
