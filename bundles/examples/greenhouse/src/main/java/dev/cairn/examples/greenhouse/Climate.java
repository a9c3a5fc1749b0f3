package dev.cairn.examples.greenhouse;

import java.time.Instant;

/** The rolling statistics of one sensor's quantity over the last window, published on {@value GreenhouseTopics#CLIMATE}. */
public record Climate(String sensor, String quantity, String unit, double mean, double min, double max, int count,
                      long windowMs, Instant timestamp) {
}
