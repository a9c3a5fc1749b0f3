package dev.cairn.hardware.pi4j;

import com.pi4j.Pi4J;
import com.pi4j.boardinfo.util.BoardInfoHelper;
import com.pi4j.context.Context;
import com.pi4j.io.pwm.PwmProvider;
import com.pi4j.library.pigpio.PiGpio;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.linuxfs.provider.i2c.LinuxFsI2CProvider;
import com.pi4j.plugin.linuxfs.provider.pwm.LinuxFsPwmProvider;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProvider;
import com.pi4j.plugin.mock.provider.pwm.MockPwmProvider;
import com.pi4j.provider.Provider;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Builds a Pi4J context from named providers — never by ServiceLoader, which sees nothing across
 * bundles — with exactly one provider per IO type, so that {@code context.create(config)} without a
 * provider picks it.
 */
final class ContextFactory {
    private ContextFactory() {
    }

    /**
     * Pi4J's board detection runs even for the mock platform and logs ERRORs about the missing device tree
     * of any machine that is not a Pi: on the mock platform they are expected, and they would hide real
     * errors in the node's log. Kept referenced: JUL holds its loggers weakly, and would forget the level.
     */
    private static final Logger BOARD_INFO = Logger.getLogger("com.pi4j.boardinfo");
    /**
     * Pi4J narrates every context it builds at INFO (builder, board, OS, Java, runtime, platforms: seven
     * lines) where the node says it in one ({@code Pi4jService}); its warnings and errors still show, and
     * all of it at the node's DEBUG level.
     */
    private static final Logger PI4J = Logger.getLogger("com.pi4j");

    private static void quietUnlessDebugging() {
        if (!Logger.getLogger("").isLoggable(Level.FINE)) PI4J.setLevel(Level.WARNING);
    }

    static Context mock() {
        BOARD_INFO.setLevel(Level.OFF);
        quietUnlessDebugging();
        return Pi4J.newContextBuilder().noAutoDetect().noAutoInject().disableShutdownHook()
                .add(new MockPlatform())
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance(),
                        MockPwmProvider.newInstance(), MockI2CProvider.newInstance())
                .build();
    }

    /** Pi4J's own board detection (a Raspberry Pi revision in /proc/cpuinfo, or a known device-tree model). */
    static boolean pi4jSeesAPi() {
        quietUnlessDebugging();
        return BoardInfoHelper.runningOnRaspberryPi();
    }

    /**
     * A Raspberry Pi: digital IO through the GPIO character device (gpiod), I2C through
     * {@code /dev/i2c-N} (linuxfs), PWM through {@code /sys/class/pwm} (linuxfs) or pigpio.
     */
    static List<Provider> raspberryPiProviders(String pwmProvider, int pwmChip) {
        PwmProvider pwm = switch (pwmProvider) {
            case "linuxfs" -> LinuxFsPwmProvider.newInstance(pwmChip);
            case "pigpio" -> com.pi4j.plugin.pigpio.provider.pwm.PiGpioPwmProvider.newInstance(PiGpio.newNativeInstance());
            default -> throw new IllegalArgumentException("pwm.provider must be linuxfs or pigpio, not '" + pwmProvider + "'");
        };
        return List.of(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance(),
                LinuxFsI2CProvider.newInstance(), pwm);
    }

    /** A context of exactly these providers; Pi4J leaves out (and only logs) any that fails to initialise. */
    static Context of(List<Provider> providers) {
        quietUnlessDebugging();
        return Pi4J.newContextBuilder().noAutoDetect().noAutoInject().disableShutdownHook()
                .add(providers.toArray(Provider[]::new))
                .build();
    }
}
