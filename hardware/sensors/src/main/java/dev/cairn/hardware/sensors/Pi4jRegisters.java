package dev.cairn.hardware.sensors;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import java.io.IOException;

/** {@link Registers} over a Pi4J I2C device of the node's context; closing it frees the bus address. */
final class Pi4jRegisters implements Registers {
    private final Context pi4j;
    private final String id;
    private final I2C i2c;

    private Pi4jRegisters(Context pi4j, String id, I2C i2c) {
        this.pi4j = pi4j;
        this.id = id;
        this.i2c = i2c;
    }

    static Pi4jRegisters open(Context pi4j, String id, int bus, int address) throws SensorException {
        release(pi4j, id);   // left over from a device that failed to close
        try {
            I2C i2c = pi4j.create(I2C.newConfigBuilder(pi4j).id(id).bus(bus).device(address).build());
            return new Pi4jRegisters(pi4j, id, i2c);
        } catch (RuntimeException e) {
            release(pi4j, id);
            throw new SensorException(String.format("cannot open I2C bus %d, address 0x%02X: %s", bus, address, Sampler.reason(e)), e);
        }
    }

    @Override
    public void read(int register, byte[] into) throws IOException {
        int n;
        try {
            n = i2c.readRegister(register, into, 0, into.length);
        } catch (RuntimeException e) {
            throw new IOException(String.format("I2C read of register 0x%02X failed: %s", register, Sampler.reason(e)), e);
        }
        if (n != into.length) {
            throw new IOException(String.format("I2C read of register 0x%02X returned %d of %d bytes", register, n, into.length));
        }
    }

    @Override
    public void write(int register, int value) throws IOException {
        int n;
        try {
            n = i2c.writeRegister(register, (byte) value);
        } catch (RuntimeException e) {
            throw new IOException(String.format("I2C write of register 0x%02X failed: %s", register, Sampler.reason(e)), e);
        }
        if (n < 0) throw new IOException(String.format("I2C write of register 0x%02X failed: %d", register, n));
    }

    @Override
    public void close() {
        release(pi4j, id);
    }

    private static void release(Context pi4j, String id) {
        try {
            if (!pi4j.isShutdown() && pi4j.registry().exists(id)) pi4j.shutdown(id);
        } catch (RuntimeException ignored) {
            // already gone with the context
        }
    }
}
