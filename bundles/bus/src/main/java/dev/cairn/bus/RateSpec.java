package dev.cairn.bus;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rate limit as written: {@code 100/s}, {@code 600/min}, {@code 10/h}, with a burst — how many requests may
 * come at once, by default the count of the rate. Kept as Resilience4j keeps it: {@code burst} permits per
 * {@code burst / rate} interval, so the average never exceeds the rate and no interval takes more than the burst.
 */
record RateSpec(long count, Duration per, int burst) {
    private static final Pattern RATE = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*([a-zA-Z]+)\\s*");
    static final long MAX_COUNT = 1_000_000;

    RateSpec {
        if (count < 1 || count > MAX_COUNT) throw new IllegalArgumentException("a rate counts 1 to " + MAX_COUNT + " requests, not " + count);
        if (burst < 1 || burst > MAX_COUNT) throw new IllegalArgumentException("burst must be 1 to " + MAX_COUNT + ", not " + burst);
        if (refreshPeriod(count, per, burst).toNanos() < 1_000) {
            throw new IllegalArgumentException("a rate of " + count + "/" + unit(per) + " in bursts of " + burst
                    + " hands out permits more often than every microsecond: give a larger burst");
        }
    }

    /** {@code rate} as {@code 100/s}; {@code burst} 0 or null: the rate's count. Throws naming what is wrong. */
    static RateSpec parse(String rate, Object burst) {
        Matcher m = RATE.matcher(rate == null ? "" : rate);
        if (!m.matches()) throw new IllegalArgumentException("a rate is a count per unit (100/s, 600/min, 10/h), not '" + rate + "'");
        long count = Long.parseLong(m.group(1));
        Duration per = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "ms" -> Duration.ofMillis(1);
            case "s", "sec", "second" -> Duration.ofSeconds(1);
            case "m", "min", "minute" -> Duration.ofMinutes(1);
            case "h", "hour" -> Duration.ofHours(1);
            default -> throw new IllegalArgumentException("a rate's unit is ms, s, min or h, not '" + m.group(2) + "' (in '" + rate + "')");
        };
        int b = burst(burst, count);
        return new RateSpec(count, per, b);
    }

    private static int burst(Object burst, long count) {
        if (burst == null || burst instanceof String s && s.isBlank()) return (int) count;
        long b;
        try {
            b = burst instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(burst).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("burst must be a whole number, not '" + burst + "'");
        }
        if (b == 0) return (int) count;
        if (b < 1 || b > MAX_COUNT) throw new IllegalArgumentException("burst must be 1 to " + MAX_COUNT + " (0: the rate's count), not " + b);
        return (int) b;
    }

    /** How often {@link #burst} permits are handed out again. */
    Duration refreshPeriod() {
        return refreshPeriod(count, per, burst);
    }

    private static Duration refreshPeriod(long count, Duration per, int burst) {
        return Duration.ofNanos(Math.multiplyExact(per.toNanos(), (long) burst) / count);
    }

    @Override
    public String toString() {
        return count + "/" + unit(per) + (burst == count ? "" : " (bursts of " + burst + ")");
    }

    private static String unit(Duration per) {
        return per.equals(Duration.ofMillis(1)) ? "ms" : per.equals(Duration.ofSeconds(1)) ? "s" : per.equals(Duration.ofMinutes(1)) ? "min" : "h";
    }
}
