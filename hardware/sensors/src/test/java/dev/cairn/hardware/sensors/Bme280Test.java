package dev.cairn.hardware.sensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.cairn.hardware.api.Reading;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Bme280Test {
    /**
     * The worked example of Bosch's datasheet (BMP280 datasheet section 3.12, whose temperature and
     * pressure compensation the BME280 shares), and humidity trimming values of a real BME280.
     */
    static final Bme280.Calibration DATASHEET = new Bme280.Calibration(27504, 26435, -1000,
            36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000,
            75, 362, 0, 313, 50, 30);
    static final int ADC_T = 519888;
    static final int ADC_P = 415148;

    @Test
    void temperatureAndPressureMatchTheDatasheetsReferenceValues() {
        assertThat(Bme280.tFine(DATASHEET, ADC_T)).isCloseTo(128422, within(1.0));   // t_fine = 128422
        Bme280.Measurement m = Bme280.compensate(DATASHEET, ADC_T, ADC_P, 0x8000);
        assertThat(m.celsius()).isCloseTo(25.08, within(0.005));                    // 25.08 °C
        // 100653.27 Pa in the datasheet's table; its own code, which keeps t_fine as an integer, gives 100653.258
        // (and its 64-bit integer version 100653.25): the table's columns differ by 0.02 Pa among themselves.
        assertThat(m.pascal()).isCloseTo(100653.27, within(0.02));
        assertThat(m.humidity()).isNaN();                                          // 0x8000: humidity skipped
    }

    @ParameterizedTest
    @CsvSource({"519888, 27000", "519888, 32768", "470000, 20000", "560000, 40000", "519888, 0", "519888, 65535"})
    void humidityAgreesWithTheDatasheetsFixedPointFormula(int adcT, int adcH) {
        double tFine = Bme280.tFine(DATASHEET, adcT);
        double expected = humidityInt32(DATASHEET, (int) tFine, adcH) / 1024.0;
        assertThat(Bme280.humidity(DATASHEET, tFine, adcH)).isBetween(0.0, 100.0).isCloseTo(expected, within(0.05));
    }

    @Test
    void temperatureAgreesWithTheDatasheetsFixedPointFormulaOverTheRange() {
        for (int adcT = 300_000; adcT <= 700_000; adcT += 12_345) {
            assertThat(Bme280.tFine(DATASHEET, adcT) / 5120.0).as("°C at %d", adcT).isCloseTo(((tFineInt32(DATASHEET, adcT) * 5 + 128) >> 8) / 100.0, within(0.015));
        }
    }

    @Test
    void theDriverReadsChipIdAndCalibrationFromTheRegistersAndConvertsOnDemand() throws Exception {
        FakeBme280 chip = new FakeBme280(DATASHEET).adc(ADC_T, ADC_P, 27000);
        Bme280 driver = new Bme280(chip, 5, 3, 1, 2, micros -> { }).init();

        assertThat(driver.calibration()).isEqualTo(DATASHEET);
        assertThat(chip.registers[Bme280.REG_CTRL_HUM]).isEqualTo((byte) 1);
        assertThat(chip.registers[Bme280.REG_CONFIG]).isEqualTo((byte) (2 << 2));
        Bme280.Measurement m = driver.measure();
        assertThat(chip.registers[Bme280.REG_CTRL_MEAS]).as("osrs_t x16, osrs_p x4, forced").isEqualTo((byte) (5 << 5 | 3 << 2 | 1));
        assertThat(m.celsius()).isCloseTo(25.08, within(0.005));
        assertThat(m.pascal()).isCloseTo(100653.27, within(0.02));
        assertThat(m.humidity()).isCloseTo(humidityInt32(DATASHEET, 128422, 27000) / 1024.0, within(0.05));
        assertThat(driver.maxMeasurementMicros()).isEqualTo(1250 + 2300 * 16 + 2300 * 4 + 575 + 2300 + 575);
    }

    @Test
    void theSensorPublishesTemperaturePressureAndHumidityInTheirUnits() throws Exception {
        FakeBme280 chip = new FakeBme280(DATASHEET).adc(ADC_T, ADC_P, 27000);
        Device device = Bme280Sensor.device(TestConfig.of(Bme280Config.class, "name", "gh"), chip);
        List<Reading> readings = device.read(Instant.EPOCH);
        assertThat(readings).extracting(Reading::quantity, Reading::value, Reading::unit).containsExactly(
                org.assertj.core.groups.Tuple.tuple("temperature", 25.08, "°C"),
                org.assertj.core.groups.Tuple.tuple("pressure", 1006.53, "hPa"),
                org.assertj.core.groups.Tuple.tuple("humidity", 38.28, "%RH"));   // the fixed-point formula: 38.27
        assertThat(readings).allMatch(r -> r.sensor().equals("gh") && r.quality() == Reading.Quality.GOOD);
    }

    @Test
    void skippedQuantitiesAreNotPublished() throws Exception {
        FakeBme280 chip = new FakeBme280(DATASHEET).adc(ADC_T, ADC_P, 27000);
        Device device = Bme280Sensor.device(TestConfig.of(Bme280Config.class, "name", "gh",
                "oversampling.pressure", 0, "oversampling.humidity", 0), chip);
        assertThat(device.read(Instant.EPOCH)).extracting(Reading::quantity).containsExactly("temperature");
    }

    @Test
    void aChipThatIsNotABme280IsRefusedWithItsId() {
        FakeBme280 bmp280 = new FakeBme280(DATASHEET).chipId(0x58);
        assertThatThrownBy(() -> new Bme280(bmp280, 1, 1, 1, 0, micros -> { }).init())
                .isInstanceOf(SensorException.class).hasMessage("chip id is 0x58, not 0x60: not a BME280 (a BMP280 has no humidity)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "oversampling.temperature | 0  | oversampling.temperature must be 1, 2, 4, 8 or 16, not 0",
            "oversampling.humidity    | 3  | oversampling.humidity must be 0, 1, 2, 4, 8 or 16, not 3",
            "filter                   | 5  | filter must be 0, 2, 4, 8 or 16, not 5",
            "interval.ms              | 5  | interval.ms must be at least 10, not 5",
            "address                  | 200 | address must be between 3 and 119, not 200"})
    void invalidConfigurationIsRefusedWithTheKeyNamed(String key, long value, String message) {
        Object v = key.endsWith(".ms") ? (Object) value : (Object) (int) value;
        assertThatThrownBy(() -> Bme280Sensor.sampling(TestConfig.of(Bme280Config.class, "name", "gh", key, v)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    /** BME280 datasheet 4.2.3, bme280_compensate_T_int32: t_fine. */
    static int tFineInt32(Bme280.Calibration c, int adcT) {
        int var1 = (((adcT >> 3) - (c.t1() << 1)) * c.t2()) >> 11;
        int var2 = (((((adcT >> 4) - c.t1()) * ((adcT >> 4) - c.t1())) >> 12) * c.t3()) >> 14;
        return var1 + var2;
    }

    /** BME280 datasheet 4.2.3, bme280_compensate_H_int32: %RH in Q22.10. */
    static int humidityInt32(Bme280.Calibration c, int tFine, int adcH) {
        int v = tFine - 76800;
        v = ((((adcH << 14) - (c.h4() << 20) - (c.h5() * v)) + 16384) >> 15)
                * (((((((v * c.h6()) >> 10) * (((v * c.h3()) >> 11) + 32768)) >> 10) + 2097152) * c.h2() + 8192) >> 14);
        v = v - (((((v >> 15) * (v >> 15)) >> 7) * c.h1()) >> 4);
        v = Math.max(v, 0);
        v = Math.min(v, 419430400);
        return v >> 12;
    }
}
