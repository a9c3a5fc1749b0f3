package dev.cairn.hardware.sensors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DS18B20 as the kernel's w1-therm driver shows it, {@code <w1 dir>/<id>/w1_slave}:
 * <pre>
 * 72 01 4b 46 7f ff 0e 10 57 : crc=57 YES
 * 72 01 4b 46 7f ff 0e 10 57 t=23125
 * </pre>
 * The first line must end in {@code YES} (the kernel checked the scratchpad's CRC; it is checked here
 * again), the second gives millidegrees. 85 °C is the power-on value of a sensor that never converted
 * (a brown-out or a bad wire), not a temperature: refused.
 */
final class Ds18b20 {
    static final Pattern DEVICE_ID = Pattern.compile("28-[0-9a-f]{12}");
    private static final Pattern CRC_LINE = Pattern.compile("((?:[0-9a-f]{2} ){9}): crc=([0-9a-f]{2}) (YES|NO)");
    private static final Pattern T_LINE = Pattern.compile("(?:[0-9a-f]{2} ){9}t=(-?\\d+)");
    static final int POWER_ON_MILLIDEGREES = 85_000;

    private Ds18b20() {
    }

    /** The temperature in °C, or the reason it is not one. */
    static double parse(String w1Slave) throws SensorException {
        List<String> lines = w1Slave.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        if (lines.size() < 2) throw new SensorException("w1_slave has " + lines.size() + " lines, not 2: '" + w1Slave.trim() + "'");
        Matcher crc = CRC_LINE.matcher(lines.get(0));
        if (!crc.matches()) throw new SensorException("w1_slave's first line is not a CRC line: '" + lines.get(0) + "'");
        if (!crc.group(3).equals("YES")) throw new SensorException("CRC check failed (the kernel read crc=" + crc.group(2) + " NO): a noisy or loose 1-Wire line");
        byte[] scratchpad = bytes(crc.group(1));
        if (java.util.Arrays.equals(scratchpad, new byte[9])) {
            throw new SensorException("the scratchpad reads all zeros (its CRC passes): a data line shorted to ground");
        }
        int computed = crc8(scratchpad, 8);
        if (computed != (scratchpad[8] & 0xFF)) {
            throw new SensorException(String.format("CRC check failed: computed 0x%02X, the scratchpad says 0x%02X", computed, scratchpad[8] & 0xFF));
        }
        Matcher t = T_LINE.matcher(lines.get(1));
        if (!t.matches()) throw new SensorException("w1_slave's second line has no t=: '" + lines.get(1) + "'");
        int milli = Integer.parseInt(t.group(1));
        if (milli == POWER_ON_MILLIDEGREES) {
            throw new SensorException("85 °C is the power-on value: the sensor has not converted (power or wiring)");
        }
        if (milli < -55_000 || milli > 125_000) throw new SensorException("t=" + milli + " is outside the DS18B20's -55..125 °C");
        return milli / 1000.0;
    }

    /** Reads and parses the device's w1_slave file under {@code w1Dir}. */
    static double read(Path w1Dir, String deviceId) throws SensorException {
        Path file = w1Dir.resolve(deviceId).resolve("w1_slave");
        String content;
        try {
            content = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new SensorException("no 1-Wire device " + deviceId + " in " + w1Dir + " (unplugged, or 1-Wire not enabled)");
        } catch (IOException e) {
            throw new SensorException("cannot read " + file + ": " + Sampler.reason(e), e);
        }
        return parse(content);
    }

    /** Dallas/Maxim CRC-8 (polynomial x^8 + x^5 + x^4 + 1, reflected: 0x8C) of the first {@code n} bytes. */
    static int crc8(byte[] data, int n) {
        int crc = 0;
        for (int i = 0; i < n; i++) {
            int b = data[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                int mix = (crc ^ b) & 1;
                crc >>= 1;
                if (mix != 0) crc ^= 0x8C;
                b >>= 1;
            }
        }
        return crc;
    }

    private static byte[] bytes(String hexPairs) {
        String[] parts = hexPairs.trim().split(" ");
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) out[i] = (byte) Integer.parseInt(parts[i], 16);
        return out;
    }
}
