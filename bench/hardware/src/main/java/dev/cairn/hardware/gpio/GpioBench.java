package dev.cairn.hardware.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import dev.cairn.bus.LocalBus;
import dev.cairn.hardware.api.Reading;
import dev.cairn.hardware.sensors.BenchConfig;
import java.time.Clock;

/** A digital input on Pi4J's mock provider, debounce off: pin change → component → bus → subscriber. */
public final class GpioBench {
    private GpioBench() {
    }

    /** Returns per-change latencies in ns (index order) for {@code changes} toggles. */
    public static long[] inputLatencies(int changes) {
        Context pi4j = Pi4J.newContextBuilder().noAutoDetect().noAutoInject().disableShutdownHook().add(new MockPlatform())
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance()).build();
        LocalBus bus = new LocalBus();
        long[] received = new long[1];
        bus.subscribe("sensors/button", Reading.class, (t, r) -> received[0] = System.nanoTime());
        DigitalInputComponent input = new DigitalInputComponent(BenchConfig.of(GpioConfigs.Input.class, "name", "button", "pin", 5,
                "pull", "down", "debounce.ms", 0L), pi4j, bus, Clock.systemUTC());
        MockDigitalInput pin = pi4j.registry().get("input-button", MockDigitalInput.class);
        long[] out = new long[changes];
        try {
            for (int i = 0; i < changes; i++) {
                long t0 = System.nanoTime();
                pin.mockState(i % 2 == 0 ? DigitalState.HIGH : DigitalState.LOW);
                out[i] = received[0] - t0;
            }
        } finally {
            input.deactivate();
            pi4j.shutdown();
        }
        return out;
    }
}
