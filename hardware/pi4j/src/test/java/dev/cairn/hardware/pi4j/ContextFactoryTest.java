package dev.cairn.hardware.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.pwm.Pwm;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class ContextFactoryTest {
    @Test
    void theMockContextServesEveryIoTypeWithoutNamingAProvider() {
        Context pi4j = ContextFactory.mock();
        try {
            DigitalOutput out = pi4j.create(DigitalOutput.newConfigBuilder(pi4j).id("led").address(17)
                    .initial(DigitalState.LOW).shutdown(DigitalState.LOW).build());
            out.high();
            assertThat(out.state()).isEqualTo(DigitalState.HIGH);
            assertThat(pi4j.create(Pwm.newConfigBuilder(pi4j).id("pwm").address(18).build()).provider().id()).isEqualTo("mock-pwm");
            assertThat(pi4j.create(I2C.newConfigBuilder(pi4j).id("i2c").bus(1).device(0x76).build()).provider().id()).isEqualTo("mock-i2c");
        } finally {
            pi4j.shutdown();
        }
    }

    @Test
    void shuttingTheContextDownReleasesEveryPinToItsShutdownState() {
        Context pi4j = ContextFactory.mock();
        DigitalOutput out = pi4j.create(DigitalOutput.newConfigBuilder(pi4j).id("relay").address(22)
                .initial(DigitalState.HIGH).shutdown(DigitalState.LOW).build());
        assertThat(out.state()).isEqualTo(DigitalState.HIGH);
        pi4j.shutdown();
        assertThat(out.state()).isEqualTo(DigitalState.LOW);
        assertThat(pi4j.registry().all()).isEmpty();
    }

    @Test
    void pi4jsOwnInfoLinesStayOutOfTheNodesLogUnlessItDebugs() {
        Logger root = Logger.getLogger("");
        Level before = root.getLevel();
        try {
            root.setLevel(Level.INFO);
            ContextFactory.mock().shutdown();
            assertThat(Logger.getLogger("com.pi4j.context.impl.DefaultContext").isLoggable(Level.INFO)).isFalse();
            assertThat(Logger.getLogger("com.pi4j.context.impl.DefaultContext").isLoggable(Level.WARNING)).isTrue();
        } finally {
            root.setLevel(before);
        }
    }

    @Test
    void aPwmProviderThatDoesNotExistIsRefusedWithTheKeyNamed() {
        assertThatThrownBy(() -> ContextFactory.raspberryPiProviders("sysfs", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pwm.provider must be linuxfs or pigpio, not 'sysfs'");
    }
}
