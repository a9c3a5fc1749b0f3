/** Each sensor publishes its readings on {@code sensors/<its name>}. */
@BusGrants(publish = HardwareTopics.ALL_SENSORS)
package dev.cairn.hardware.sensors;

import dev.cairn.bus.api.BusGrants;
import dev.cairn.hardware.api.HardwareTopics;
