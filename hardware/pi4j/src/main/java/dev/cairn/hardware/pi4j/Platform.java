package dev.cairn.hardware.pi4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** Where the pins are: Pi4J's mock providers, or a Raspberry Pi's real ones. */
enum Platform {
    MOCK, RASPBERRYPI;

    /** The name used in configuration and in the service property. */
    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code auto}, {@code mock} or {@code raspberrypi}; anything else is refused with the key named. */
    static Platform choose(String configured, Optional<String> model) {
        return switch (configured) {
            case "auto" -> model.filter(Platform::isRaspberryPi).isPresent() ? RASPBERRYPI : MOCK;
            case "mock" -> MOCK;
            case "raspberrypi" -> RASPBERRYPI;
            default -> throw new IllegalArgumentException("platform must be auto, mock or raspberrypi, not '" + configured + "'");
        };
    }

    static boolean isRaspberryPi(String model) {
        return model.contains("Raspberry Pi");
    }

    /** The board's model string from the device tree (NUL-terminated there), if there is one. */
    static Optional<String> model(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8).replace("\0", "").trim());
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
