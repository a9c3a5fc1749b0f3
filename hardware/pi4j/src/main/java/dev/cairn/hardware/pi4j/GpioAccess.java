package dev.cairn.hardware.pi4j;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Why Pi4J's gpiod providers could not drive a pin on this machine, found before the context is built.
 * Pi4J 2.8 skips the GPIO chip when it does not take the board for a Raspberry Pi, and drops a provider
 * whose chip it cannot open, each time with only a log line: the component would look well and the first
 * pin would fail far from the cause ("No gpio chip yet initialized!", "ProviderNotFoundException").
 */
final class GpioAccess {
    private GpioAccess() {
    }

    /**
     * @param pi4jSeesAPi what Pi4J's board detection says ({@code BoardInfoHelper.runningOnRaspberryPi()}:
     *                    a Raspberry Pi revision in /proc/cpuinfo, or a known model in the device tree)
     * @param dev         where the kernel's GPIO character devices are ({@code /dev})
     * @param user        the node's user, named in the advice
     */
    static Optional<String> problem(boolean pi4jSeesAPi, Path dev, String user) {
        if (!pi4jSeesAPi) {
            return Optional.of("Pi4J does not take this board for a Raspberry Pi (no Raspberry Pi revision in /proc/cpuinfo, "
                    + "no known model in /proc/device-tree/model), so its gpiod provider opens no GPIO chip; "
                    + "off a Pi use platform = mock");
        }
        List<Path> chips = chips(dev);
        if (chips.isEmpty()) {
            return Optional.of("no GPIO chip: " + dev + " has no gpiochipN (the kernel's GPIO character device; "
                    + "is this Raspberry Pi OS with its GPIO driver?)");
        }
        for (Path chip : chips) {
            if (Files.isReadable(chip) && Files.isWritable(chip)) return Optional.empty();
        }
        Path first = chips.get(0);
        return Optional.of("cannot open " + first + " (" + describe(first) + "): the node's user " + user
                + " may not read and write it; add it to the gpio group (usermod -aG gpio " + user + ") and restart the node");
    }

    private static List<Path> chips(Path dev) {
        List<Path> chips = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(dev, "gpiochip[0-9]*")) {
            found.forEach(chips::add);
        } catch (IOException | SecurityException e) {
            return List.of();
        }
        chips.sort(null);
        return chips;
    }

    /** {@code root:gpio rw-rw----}, as ls shows who may open it. */
    private static String describe(Path file) {
        try {
            PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class);
            return a.owner().getName() + ":" + a.group().getName() + " " + PosixFilePermissions.toString(a.permissions());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return "attributes unreadable";
        }
    }
}
