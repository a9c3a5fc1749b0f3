package dev.cairn.hardware.sensors;

import dev.cairn.bus.LocalBus;
import dev.cairn.hardware.api.Reading;
import dev.cairn.hardware.gpio.GpioBench;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sensor read → bus → subscriber latency, and the highest sustained sampling rate, on mock hardware:
 * a register-level BME280, a DS18B20 w1_slave file in a temp folder, the simulated sensor, and a GPIO
 * input on Pi4J's mock provider. Short on purpose (about 30 s): the machine is shared.
 * Arguments: [samples per latency run, default 500] [seconds per rate run, default 2].
 */
public final class HardwareBench {
    static final Bme280.Calibration CAL = new Bme280.Calibration(27504, 26435, -1000, 36477, -10685, 3024, 2855, 140, -7, 15500,
            -14600, 6000, 75, 362, 0, 313, 50, 30);

    public static void main(String[] args) throws Exception {
        Logger.getLogger("").setLevel(Level.WARNING);
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        System.out.printf("JVM %s, %d cores%n%n", Runtime.version(), Runtime.getRuntime().availableProcessors());

        System.out.println("| path (read → bus → subscriber, one JVM) | samples | p50 µs | p99 µs | max µs |");
        System.out.println("|---|--:|--:|--:|--:|");
        row("BME280 (register-level fake: forced conversion, burst read, compensation) at 10 ms", latency(bme280Opener(), samples));
        Path w1 = Files.createTempDirectory("w1");
        row("DS18B20 (w1_slave file in a temp folder, CRC checked) at 10 ms", latency(ds18b20Opener(w1), samples));
        row("simulated sensor (sine + noise) at 10 ms", latency(simulatedOpener(), samples));
        long[] gpio = GpioBench.inputLatencies(samples * 10);
        row("GPIO input, Pi4J mock provider, debounce off (pin change → subscriber)", Arrays.copyOfRange(gpio, samples, gpio.length));

        System.out.println();
        System.out.println("| sustained rate (one thread, no interval: read + publish flat out) | readings/s |");
        System.out.println("|---|--:|");
        System.out.printf("| BME280 register-level fake, 3 readings per conversion | %,d |%n", flatOut(bme280Opener(), seconds));
        System.out.printf("| DS18B20 w1_slave in a temp folder | %,d |%n", flatOut(ds18b20Opener(w1), seconds));
        System.out.printf("| simulated sensor | %,d |%n", flatOut(simulatedOpener(), seconds));

        System.out.println();
        System.out.println("| sensors sampling at the minimum interval (10 ms = 100 Hz each), " + seconds + " s | target readings/s | achieved | share |");
        System.out.println("|---|--:|--:|--:|");
        for (int n : new int[] {1, 10, 100, 300}) scheduled(n, seconds);
    }

    private static void row(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf("| %s | %d | %.1f | %.1f | %.1f |%n", what, s.length, s[s.length / 2] / 1e3, s[(int) (s.length * 0.99)] / 1e3,
                s[s.length - 1] / 1e3);
    }

    /** Each cycle of a real Sampler at 10 ms: time from the start of the device's read to the subscriber's call. */
    static long[] latency(Device.Opener opener, int samples) throws InterruptedException {
        LocalBus bus = new LocalBus();
        long[] out = new long[samples + 50];
        AtomicLong started = new AtomicLong();
        int[] n = {0};
        CountDownLatch done = new CountDownLatch(1);
        bus.subscribe("sensors/bench", Reading.class, (t, r) -> {
            long now = System.nanoTime();
            long t0 = started.getAndSet(0);
            if (t0 == 0) return;   // the 2nd and 3rd reading of one BME280 conversion
            if (n[0] < out.length) out[n[0]++] = now - t0;
            if (n[0] == out.length) done.countDown();
        });
        Device.Opener timed = () -> {
            Device d = opener.open();
            return now -> {
                started.set(System.nanoTime());
                return d.read(now);
            };
        };
        Sampler sampler = new Sampler(Sampling.of("bench", 10, 10, 10), timed, r -> bus.publish("sensors/bench", r), Clock.systemUTC()).start();
        done.await(5 + samples / 50, TimeUnit.SECONDS);
        sampler.stop();
        return Arrays.copyOfRange(out, 50, Math.max(50, n[0]));   // the first 50 warm up
    }

    static long flatOut(Device.Opener opener, int seconds) throws Exception {
        LocalBus bus = new LocalBus();
        AtomicLong got = new AtomicLong();
        bus.subscribe("sensors/bench", Reading.class, (t, r) -> got.incrementAndGet());
        Device d = opener.open();
        long warm = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < warm) for (Reading r : d.read(Instant.now())) bus.publish("sensors/bench", r);
        got.set(0);
        long t0 = System.nanoTime();
        long end = t0 + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) for (Reading r : d.read(Instant.now())) bus.publish("sensors/bench", r);
        return Math.round(got.get() / ((System.nanoTime() - t0) / 1e9));
    }

    static void scheduled(int sensors, int seconds) throws Exception {
        LocalBus bus = new LocalBus();
        AtomicLong got = new AtomicLong();
        bus.subscribe("sensors/+", Reading.class, (t, r) -> got.incrementAndGet());
        List<Sampler> all = new ArrayList<>();
        for (int i = 0; i < sensors; i++) {
            String name = "s" + i;
            all.add(new Sampler(Sampling.of(name, 10, 10, 10), simulatedOpener(), r -> bus.publish("sensors/" + name, r), Clock.systemUTC()).start());
        }
        TimeUnit.MILLISECONDS.sleep(500);
        long before = got.get();
        long t0 = System.nanoTime();
        TimeUnit.SECONDS.sleep(seconds);
        long n = got.get() - before;
        double elapsed = (System.nanoTime() - t0) / 1e9;
        all.forEach(Sampler::stop);
        double target = sensors * 100.0;
        System.out.printf("| %d sensors, a thread each | %,.0f | %,.0f | %.1f %% |%n", sensors, target, n / elapsed, 100 * n / elapsed / target);
    }

    static Device.Opener bme280Opener() {
        return () -> {
            byte[] regs = new byte[256];
            regs[Bme280.REG_CHIP_ID] = (byte) Bme280.CHIP_ID;
            int[] tp = {CAL.t1(), CAL.t2(), CAL.t3(), CAL.p1(), CAL.p2(), CAL.p3(), CAL.p4(), CAL.p5(), CAL.p6(), CAL.p7(), CAL.p8(), CAL.p9()};
            for (int i = 0; i < tp.length; i++) {
                regs[0x88 + 2 * i] = (byte) tp[i];
                regs[0x89 + 2 * i] = (byte) (tp[i] >> 8);
            }
            regs[0xA1] = 75;
            regs[0xE1] = 0x6A; regs[0xE2] = 0x01; regs[0xE4] = 0x13; regs[0xE5] = 0x29; regs[0xE6] = 0x03; regs[0xE7] = 30;
            byte[] data = {0x65, 0x5A, (byte) 0xC0, 0x7E, (byte) 0xED, 0x00, 0x69, 0x78};
            System.arraycopy(data, 0, regs, 0xF7, 8);
            Registers registers = new Registers() {
                @Override
                public void read(int register, byte[] into) {
                    System.arraycopy(regs, register, into, 0, into.length);
                }

                @Override
                public void write(int register, int value) {
                    regs[register] = (byte) value;
                }
            };
            Bme280 chip = new Bme280(registers, 1, 1, 1, 0, micros -> { }).init();
            return now -> {
                Bme280.Measurement m = chip.measure();
                return List.of(Reading.good("bench", "temperature", m.celsius(), "°C", now),
                        Reading.good("bench", "pressure", m.pascal() / 100, "hPa", now),
                        Reading.good("bench", "humidity", m.humidity(), "%RH", now));
            };
        };
    }

    static Device.Opener ds18b20Opener(Path w1) throws IOException {
        String id = "28-000005e2fdc3";
        Files.createDirectories(w1.resolve(id));
        Files.writeString(w1.resolve(id).resolve("w1_slave"), "72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=23125\n");
        return () -> now -> List.of(Reading.good("bench", "temperature", Ds18b20.read(w1, id), "°C", now));
    }

    static Device.Opener simulatedOpener() {
        SimulatedSignal signal = new SimulatedSignal(SimulatedSignal.Mode.SINE, 20, 5, 60_000, 0, 0.1, 1);
        long start = System.currentTimeMillis();
        return () -> now -> List.of(new Reading("bench", "temperature", signal.value(now.toEpochMilli() - start), "°C", now, Reading.Quality.SIMULATED));
    }
}
