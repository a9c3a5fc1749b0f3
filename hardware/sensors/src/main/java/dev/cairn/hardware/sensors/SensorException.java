package dev.cairn.hardware.sensors;

/** A device did not answer, or answered wrong; the message is the reason shown in the sensor's health. */
final class SensorException extends Exception {
    SensorException(String reason) {
        super(reason);
    }

    SensorException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
