package dev.cairn.hardware.sensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Ds18b20Test {
    static final String ID = "28-000005e2fdc3";
    /** Real w1_slave contents, as the w1-therm driver wrote them. */
    static final String GOOD = "72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=23125\n";
    static final String NEGATIVE = "5e ff 4b 46 7f ff 02 10 b6 : crc=b6 YES\n5e ff 4b 46 7f ff 02 10 b6 t=-10125\n";
    static final String POWER_ON = "50 05 4b 46 7f ff 0c 10 1c : crc=1c YES\n50 05 4b 46 7f ff 0c 10 1c t=85000\n";
    static final String DISCONNECTED = "ff ff ff ff ff ff ff ff ff : crc=c9 NO\nff ff ff ff ff ff ff ff ff t=-62\n";
    static final String SHORTED = "00 00 00 00 00 00 00 00 00 : crc=00 YES\n00 00 00 00 00 00 00 00 00 t=0\n";
    static final String CORRUPT = "72 01 4b 46 7f ff 0e 10 58 : crc=58 YES\n72 01 4b 46 7f ff 0e 10 58 t=23125\n";

    @TempDir
    Path sysfs;

    @Test
    void goodSamplesGiveDegreesCelsius() throws Exception {
        assertThat(Ds18b20.parse(GOOD)).isEqualTo(23.125);
        assertThat(Ds18b20.parse(NEGATIVE)).isEqualTo(-10.125);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "DISCONNECTED | CRC check failed (the kernel read crc=c9 NO)",
            "POWER_ON     | 85 °C is the power-on value",
            "SHORTED      | all zeros",
            "CORRUPT      | CRC check failed: computed 0x57, the scratchpad says 0x58",
            "EMPTY        | w1_slave has 0 lines"})
    void badSamplesAreRefusedWithTheReason(String sample, String reason) {
        String content = switch (sample) {
            case "DISCONNECTED" -> DISCONNECTED;
            case "POWER_ON" -> POWER_ON;
            case "SHORTED" -> SHORTED;
            case "CORRUPT" -> CORRUPT;
            default -> "";
        };
        assertThatThrownBy(() -> Ds18b20.parse(content)).isInstanceOf(SensorException.class).hasMessageContaining(reason);
    }

    @Test
    void theCrcIsDallasMaxim() {
        byte[] scratchpad = {0x72, 0x01, 0x4b, 0x46, 0x7f, (byte) 0xff, 0x0e, 0x10};
        assertThat(Ds18b20.crc8(scratchpad, 8)).isEqualTo(0x57);
    }

    @Test
    void readsTheDevicesFileUnderTheOneWireFolder() throws Exception {
        Files.createDirectories(sysfs.resolve(ID));
        Files.writeString(sysfs.resolve(ID).resolve("w1_slave"), GOOD);
        assertThat(Ds18b20.read(sysfs, ID)).isEqualTo(23.125);
    }

    @Test
    void aMissingDeviceSaysSo() {
        assertThatThrownBy(() -> Ds18b20.read(sysfs, ID)).isInstanceOf(SensorException.class)
                .hasMessage("no 1-Wire device " + ID + " in " + sysfs + " (unplugged, or 1-Wire not enabled)");
    }
}
