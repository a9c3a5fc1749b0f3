package dev.cairn.examples.greenhouse;

/** The greenhouse's own topics; readings come from {@code sensors/+}, the fan is {@code actuators/<fan>/set}. */
public final class GreenhouseTopics {
    public static final String CLIMATE = "greenhouse/climate";
    public static final String CLIMATE_NOW = "greenhouse/climate/now";
    public static final String ALERTS = "greenhouse/alerts";

    private GreenhouseTopics() {
    }
}
