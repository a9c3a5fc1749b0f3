/**
 * The greenhouse: readings in, the climate aggregated and served, alerts raised, the fan switched. What it may do
 * on the bus is declared here once for the whole bundle; the fan's name and the sensors' filter are configurable,
 * hence the wildcards.
 */
@BusGrants(
        subscribe = {HardwareTopics.ALL_SENSORS, GreenhouseTopics.CLIMATE, GreenhouseTopics.ALERTS},
        publish = {GreenhouseTopics.CLIMATE, GreenhouseTopics.ALERTS},
        serve = GreenhouseTopics.CLIMATE_NOW,
        call = {GreenhouseTopics.CLIMATE_NOW, "actuators/+/set"})
package dev.cairn.examples.greenhouse;

import dev.cairn.bus.api.BusGrants;
import dev.cairn.hardware.api.HardwareTopics;
