package dev.cairn.hardware.sensors;

import java.io.IOException;

/** An I2C device seen as its registers: all a register-level driver needs, and all a test fakes. */
interface Registers extends AutoCloseable {
    /** Fills {@code into} from consecutive registers starting at {@code register} (a burst read). */
    void read(int register, byte[] into) throws IOException;

    void write(int register, int value) throws IOException;

    default int read(int register) throws IOException {
        byte[] one = new byte[1];
        read(register, one);
        return one[0] & 0xFF;
    }

    @Override
    default void close() {
    }
}
