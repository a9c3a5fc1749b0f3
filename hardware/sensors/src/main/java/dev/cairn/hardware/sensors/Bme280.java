package dev.cairn.hardware.sensors;

import java.io.IOException;
import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * A Bosch BME280 driven register by register (datasheet BST-BME280-DS002): chip id, calibration
 * read-out, one forced measurement per read, and the datasheet's compensation formulas (section 8.1,
 * double precision) for temperature, pressure and humidity.
 */
final class Bme280 {
    static final int CHIP_ID = 0x60;
    static final int REG_CALIB_T_P = 0x88;   // 26 bytes: dig_T1..dig_P9, (0xA0), dig_H1 at 0xA1
    static final int REG_CALIB_H = 0xE1;     // 7 bytes: dig_H2..dig_H6
    static final int REG_CHIP_ID = 0xD0;
    static final int REG_CTRL_HUM = 0xF2;
    static final int REG_STATUS = 0xF3;
    static final int REG_CTRL_MEAS = 0xF4;
    static final int REG_CONFIG = 0xF5;
    static final int REG_DATA = 0xF7;        // 8 bytes: press[3], temp[3], hum[2]
    static final int MODE_FORCED = 0b01;
    static final int STATUS_MEASURING = 0b1000;
    /** A skipped measurement reads as this raw value. */
    static final int SKIPPED_20BIT = 0x80000;
    static final int SKIPPED_16BIT = 0x8000;

    /** The dig_* trimming values of one chip. */
    record Calibration(int t1, int t2, int t3,
                       int p1, int p2, int p3, int p4, int p5, int p6, int p7, int p8, int p9,
                       int h1, int h2, int h3, int h4, int h5, int h6) {

        /** Decodes the two calibration blocks as the datasheet's table 16 lays them out. */
        static Calibration parse(byte[] tp, byte[] h) {
            return new Calibration(u16(tp, 0), s16(tp, 2), s16(tp, 4),
                    u16(tp, 6), s16(tp, 8), s16(tp, 10), s16(tp, 12), s16(tp, 14), s16(tp, 16), s16(tp, 18), s16(tp, 20), s16(tp, 22),
                    tp[25] & 0xFF,
                    s16(h, 0), h[2] & 0xFF,
                    (h[3] << 4) | (h[4] & 0x0F),            // dig_H4: 0xE4[11:4] and 0xE5[3:0], signed
                    (h[5] << 4) | ((h[4] & 0xFF) >> 4),     // dig_H5: 0xE6[11:4] and 0xE5[7:4], signed
                    h[6]);                                   // dig_H6: signed char
        }

        private static int u16(byte[] b, int i) {
            return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
        }

        private static int s16(byte[] b, int i) {
            return (short) u16(b, i);
        }
    }

    /** One compensated measurement; pressure or humidity is NaN when its oversampling is 0 (skipped). */
    record Measurement(double celsius, double pascal, double humidity) {
    }

    /** Oversampling ×1, ×2, ×4, ×8, ×16 as register codes 1..5; 0 skips the measurement. */
    static int oversamplingCode(String key, int factor, boolean skipAllowed) {
        return switch (factor) {
            case 0 -> {
                if (!skipAllowed) throw new IllegalArgumentException(key + " must be 1, 2, 4, 8 or 16, not 0");
                yield 0;
            }
            case 1 -> 1;
            case 2 -> 2;
            case 4 -> 3;
            case 8 -> 4;
            case 16 -> 5;
            default -> throw new IllegalArgumentException(key + " must be " + (skipAllowed ? "0, " : "") + "1, 2, 4, 8 or 16, not " + factor);
        };
    }

    /** The IIR filter coefficient 0 (off), 2, 4, 8 or 16 as its register code. */
    static int filterCode(int coefficient) {
        return switch (coefficient) {
            case 0 -> 0;
            case 2 -> 1;
            case 4 -> 2;
            case 8 -> 3;
            case 16 -> 4;
            default -> throw new IllegalArgumentException("filter must be 0, 2, 4, 8 or 16, not " + coefficient);
        };
    }

    private final Registers registers;
    private final int osrsT;
    private final int osrsP;
    private final int osrsH;
    private final int filter;
    private final LongConsumer pauseMicros;
    private Calibration calibration;

    /** Oversampling and filter as register codes (see {@link #oversamplingCode}); {@code pauseMicros} waits for a conversion. */
    Bme280(Registers registers, int osrsT, int osrsP, int osrsH, int filter, LongConsumer pauseMicros) {
        this.registers = registers;
        this.osrsT = osrsT;
        this.osrsP = osrsP;
        this.osrsH = osrsH;
        this.filter = filter;
        this.pauseMicros = pauseMicros;
    }

    /** Checks the chip id, reads the calibration and writes the configuration. */
    Bme280 init() throws IOException, SensorException {
        int id = registers.read(REG_CHIP_ID);
        if (id != CHIP_ID) {
            throw new SensorException(String.format("chip id is 0x%02X, not 0x%02X: not a BME280%s", id, CHIP_ID,
                    id == 0x56 || id == 0x57 || id == 0x58 ? " (a BMP280 has no humidity)" : ""));
        }
        byte[] tp = new byte[26];
        byte[] h = new byte[7];
        registers.read(REG_CALIB_T_P, tp);
        registers.read(REG_CALIB_H, h);
        Calibration c = Calibration.parse(tp, h);
        if (c.t1() == 0 || c.p1() == 0) throw new SensorException("calibration data is blank (dig_T1 or dig_P1 is 0)");
        calibration = c;
        registers.write(REG_CONFIG, filter << 2);
        registers.write(REG_CTRL_HUM, osrsH);   // takes effect with the next write of ctrl_meas
        return this;
    }

    Calibration calibration() {
        return calibration;
    }

    /** Starts one forced measurement, waits for it, reads and compensates it. */
    Measurement measure() throws IOException, SensorException {
        registers.write(REG_CTRL_MEAS, osrsT << 5 | osrsP << 2 | MODE_FORCED);
        pauseMicros.accept(maxMeasurementMicros());
        for (int i = 0; (registers.read(REG_STATUS) & STATUS_MEASURING) != 0; i++) {
            if (i == 20) throw new SensorException("the measurement did not finish (status register stays 'measuring')");
            pauseMicros.accept(1_000);
        }
        byte[] d = new byte[8];
        registers.read(REG_DATA, d);
        int adcP = (d[0] & 0xFF) << 12 | (d[1] & 0xFF) << 4 | (d[2] & 0xFF) >> 4;
        int adcT = (d[3] & 0xFF) << 12 | (d[4] & 0xFF) << 4 | (d[5] & 0xFF) >> 4;
        int adcH = (d[6] & 0xFF) << 8 | (d[7] & 0xFF);
        if (adcT == SKIPPED_20BIT) throw new SensorException("no temperature conversion (raw value 0x80000): was the chip reset?");
        return compensate(calibration, adcT, osrsP == 0 ? SKIPPED_20BIT : adcP, osrsH == 0 ? SKIPPED_16BIT : adcH);
    }

    /** Datasheet appendix B: the longest a forced measurement takes with these settings. */
    long maxMeasurementMicros() {
        return 1250 + 2300L * factor(osrsT) + (osrsP == 0 ? 0 : 2300L * factor(osrsP) + 575) + (osrsH == 0 ? 0 : 2300L * factor(osrsH) + 575);
    }

    private static int factor(int code) {
        return code == 0 ? 0 : 1 << (code - 1);
    }

    static Measurement compensate(Calibration c, int adcT, int adcP, int adcH) {
        double tFine = tFine(c, adcT);
        double celsius = tFine / 5120.0;
        double pascal = adcP == SKIPPED_20BIT ? Double.NaN : pressure(c, tFine, adcP);
        double humidity = adcH == SKIPPED_16BIT ? Double.NaN : humidity(c, tFine, adcH);
        return new Measurement(celsius, pascal, humidity);
    }

    /** The datasheet's {@code var1 + var2} of the temperature formula: °C × 5120. */
    static double tFine(Calibration c, int adcT) {
        double var1 = (adcT / 16384.0 - c.t1() / 1024.0) * c.t2();
        double var2 = (adcT / 131072.0 - c.t1() / 8192.0) * (adcT / 131072.0 - c.t1() / 8192.0) * c.t3();
        return var1 + var2;
    }

    /** In Pa. The datasheet keeps t_fine as a 32-bit integer between the formulas. */
    static double pressure(Calibration c, double tFine, int adcP) {
        double var1 = (int) tFine / 2.0 - 64000.0;
        double var2 = var1 * var1 * c.p6() / 32768.0;
        var2 = var2 + var1 * c.p5() * 2.0;
        var2 = var2 / 4.0 + c.p4() * 65536.0;
        var1 = (c.p3() * var1 * var1 / 524288.0 + c.p2() * var1) / 524288.0;
        var1 = (1.0 + var1 / 32768.0) * c.p1();
        if (var1 == 0.0) return 0;   // avoids a division by zero, as the datasheet does
        double p = 1048576.0 - adcP;
        p = (p - var2 / 4096.0) * 6250.0 / var1;
        var1 = c.p9() * p * p / 2147483648.0;
        var2 = p * c.p8() / 32768.0;
        return p + (var1 + var2 + c.p7()) / 16.0;
    }

    /** In %RH, clamped to 0..100 as the datasheet does. */
    static double humidity(Calibration c, double tFine, int adcH) {
        double h = (int) tFine - 76800.0;
        h = (adcH - (c.h4() * 64.0 + c.h5() / 16384.0 * h))
                * (c.h2() / 65536.0 * (1.0 + c.h6() / 67108864.0 * h * (1.0 + c.h3() / 67108864.0 * h)));
        h = h * (1.0 - c.h1() * h / 524288.0);
        return Math.max(0, Math.min(100, h));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "BME280(osrs_t=%d, osrs_p=%d, osrs_h=%d, filter=%d)", osrsT, osrsP, osrsH, filter);
    }
}
