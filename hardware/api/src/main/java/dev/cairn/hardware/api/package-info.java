/**
 * What hardware says on the bus, and how to talk to it — no Pi4J type crosses this contract.
 *
 * <h2>Topics</h2>
 * <ul>
 * <li>{@code sensors/<name>} — events: every {@link dev.cairn.hardware.api.Reading} of the sensor or
 *     digital input named {@code <name>} (one event per quantity: a BME280 publishes temperature,
 *     pressure and humidity as three readings).</li>
 * <li>{@code actuators/<name>/set} — requests: a {@link dev.cairn.hardware.api.Command}; the reply is the
 *     {@link dev.cairn.hardware.api.ActuatorState} after the command.</li>
 * <li>{@code actuators/<name>/state} — events: the same {@link dev.cairn.hardware.api.ActuatorState}, for
 *     whoever watches without asking (dashboards, other controllers).</li>
 * </ul>
 * {@link dev.cairn.hardware.api.HardwareTopics} builds these names and checks a name is one topic level.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.cairn.hardware.api;
