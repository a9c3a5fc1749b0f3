/** GPIO inputs publish readings; outputs and PWM serve commands and publish their state — each under its configured name. */
@BusGrants(publish = {HardwareTopics.ALL_SENSORS, "actuators/+/state"}, serve = "actuators/+/set")
package dev.cairn.hardware.gpio;

import dev.cairn.bus.api.BusGrants;
import dev.cairn.hardware.api.HardwareTopics;
