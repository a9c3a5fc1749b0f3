package dev.cairn.examples.greenhouse;

import java.time.Instant;

/** Raised (active) or cleared, published on {@value GreenhouseTopics#ALERTS} when it changes. */
public record Alert(String sensor, String quantity, boolean active, double value, double threshold, String unit, Instant timestamp) {
}
