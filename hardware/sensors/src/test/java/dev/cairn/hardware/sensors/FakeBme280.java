package dev.cairn.hardware.sensors;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A BME280 at register level: a 256-byte register file laid out as the datasheet's memory map,
 * calibration and raw values written into it as a chip holds them. It can be unplugged.
 */
final class FakeBme280 implements Registers {
    final byte[] registers = new byte[256];
    final AtomicInteger opens = new AtomicInteger();
    private volatile boolean unplugged;

    FakeBme280(Bme280.Calibration c) {
        registers[Bme280.REG_CHIP_ID] = (byte) Bme280.CHIP_ID;
        int[] tp = {c.t1(), c.t2(), c.t3(), c.p1(), c.p2(), c.p3(), c.p4(), c.p5(), c.p6(), c.p7(), c.p8(), c.p9()};
        for (int i = 0; i < tp.length; i++) {
            registers[0x88 + 2 * i] = (byte) tp[i];
            registers[0x89 + 2 * i] = (byte) (tp[i] >> 8);
        }
        registers[0xA1] = (byte) c.h1();
        registers[0xE1] = (byte) c.h2();
        registers[0xE2] = (byte) (c.h2() >> 8);
        registers[0xE3] = (byte) c.h3();
        registers[0xE4] = (byte) (c.h4() >> 4);
        registers[0xE5] = (byte) ((c.h4() & 0x0F) | (c.h5() & 0x0F) << 4);
        registers[0xE6] = (byte) (c.h5() >> 4);
        registers[0xE7] = (byte) c.h6();
    }

    /** Raw ADC values as the chip leaves them in 0xF7..0xFE after a conversion. */
    FakeBme280 adc(int t, int p, int h) {
        registers[0xF7] = (byte) (p >> 12);
        registers[0xF8] = (byte) (p >> 4);
        registers[0xF9] = (byte) (p << 4);
        registers[0xFA] = (byte) (t >> 12);
        registers[0xFB] = (byte) (t >> 4);
        registers[0xFC] = (byte) (t << 4);
        registers[0xFD] = (byte) (h >> 8);
        registers[0xFE] = (byte) h;
        return this;
    }

    FakeBme280 chipId(int id) {
        registers[Bme280.REG_CHIP_ID] = (byte) id;
        return this;
    }

    void unplug() {
        unplugged = true;
    }

    void plugIn() {
        unplugged = false;
    }

    /** An opener for a sensor component: fails while unplugged, as opening /dev/i2c-1 at a silent address does on the first read. */
    Device.Opener opener(Bme280Config config) {
        return () -> {
            opens.incrementAndGet();
            return Bme280Sensor.device(config, this);
        };
    }

    @Override
    public void read(int register, byte[] into) throws IOException {
        if (unplugged) throw new IOException("Remote I/O error (errno 121) reading register 0x" + Integer.toHexString(register));
        System.arraycopy(registers, register, into, 0, into.length);
    }

    @Override
    public void write(int register, int value) throws IOException {
        if (unplugged) throw new IOException("Remote I/O error (errno 121) writing register 0x" + Integer.toHexString(register));
        registers[register] = (byte) value;   // a forced conversion completes at once: status stays 0
    }
}
