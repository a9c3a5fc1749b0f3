package dev.cairn.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.management.api.PasswordHash;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthTest {
    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final MutableClock clock = new MutableClock();

    Auth auth(String password, boolean demo, String host) {
        return new Auth(password, demo, host, Duration.ofMinutes(60), clock);
    }

    @Test
    void aPasswordKeptAsAHashLogsInWithThePasswordAndNotWithTheHash() {
        String hash = PasswordHash.of("correct horse".toCharArray());
        Auth a = auth(hash, false, "0.0.0.0");

        assertThat(a.unavailable()).isNull();
        assertThat(a.hashed()).isTrue();
        assertThat(a.login("10.0.0.1", hash)).isInstanceOf(Auth.Refused.class);
        assertThat(a.login("10.0.0.1", "correct horse")).isInstanceOf(Auth.LoggedIn.class);
        assertThat(auth("correct horse", false, "0.0.0.0").hashed()).isFalse();
    }

    @Test
    void aMalformedHashRefusesEveryLoginAndSaysWhy() {
        Auth a = auth("pbkdf2-sha256$many$c2FsdA$aGFzaA", false, "0.0.0.0");

        assertThat(a.unavailable()).contains("hash", "malformed", "not 'many'");
        assertThat(a.login("10.0.0.1", "anything")).isInstanceOf(Auth.Unavailable.class);
    }

    @Test
    void guessesInParallelMeetTheSameLimitAsOneAfterAnother() throws Exception {
        Auth a = auth(PasswordHash.of("correct horse".toCharArray()), false, "0.0.0.0");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Auth.Outcome>> tries = new ArrayList<>();
            for (int i = 0; i < 8; i++) tries.add(pool.submit(() -> a.login("10.0.0.9", "guess")));
            long refused = 0;
            for (var t : tries) if (t.get(30, TimeUnit.SECONDS) instanceof Auth.Refused) refused++;
            assertThat(refused).isEqualTo(Auth.FAILURES_PER_CLIENT);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theRightPasswordGivesASessionWithACsrfTokenTheWrongOneIsRefused() {
        Auth a = auth("correct horse", false, "0.0.0.0");
        assertThat(a.login("10.0.0.1", "wrong")).isInstanceOf(Auth.Refused.class);
        Auth.Outcome o = a.login("10.0.0.1", "correct horse");
        assertThat(o).isInstanceOf(Auth.LoggedIn.class);
        Auth.Session s = ((Auth.LoggedIn) o).session();
        assertThat(a.session(s.token())).contains(s);
        assertThat(Auth.csrfMatches(s, s.csrf())).isTrue();
        assertThat(Auth.csrfMatches(s, "forged")).isFalse();
        assertThat(Auth.csrfMatches(s, null)).isFalse();
        a.logout(s.token());
        assertThat(a.session(s.token())).isEmpty();
    }

    @Test
    void aSessionEndsAfterItsLength() {
        Auth a = auth("correct horse", false, "127.0.0.1");
        Auth.Session s = ((Auth.LoggedIn) a.login("c", "correct horse")).session();
        clock.now = clock.now.plus(Duration.ofMinutes(61));
        assertThat(a.session(s.token())).isEmpty();
    }

    @Test
    void failedLoginsAreLimitedPerClientAndTheLimitLiftsAfterTheWindow() {
        Auth a = auth("correct horse", false, "127.0.0.1");
        for (int i = 0; i < Auth.FAILURES_PER_CLIENT; i++) assertThat(a.login("c1", "guess" + i)).isInstanceOf(Auth.Refused.class);
        assertThat(a.login("c1", "correct horse")).as("even the right password waits").isInstanceOf(Auth.Throttled.class);
        assertThat(((Auth.Throttled) a.login("c1", "x")).retryAfterSeconds()).isBetween(1L, 60L);
        assertThat(a.login("c2", "correct horse")).as("another client is not blocked").isInstanceOf(Auth.LoggedIn.class);
        clock.now = clock.now.plus(Auth.WINDOW);
        assertThat(a.login("c1", "correct horse")).isInstanceOf(Auth.LoggedIn.class);
    }

    @Test
    void manyClientsFailingTogetherAreLimitedToo() {
        Auth a = auth("correct horse", false, "127.0.0.1");
        for (int i = 0; i < Auth.FAILURES_ALL; i++) a.login("client-" + i, "guess");
        assertThat(a.login("someone-new", "correct horse")).isInstanceOf(Auth.Throttled.class);
    }

    @ParameterizedTest
    @CsvSource({
            "'', false, 127.0.0.1, no admin password is configured",
            "'', true, 0.0.0.0, demo mode is only accepted on loopback",
            "short, false, 127.0.0.1, shorter than 8 characters"})
    void withoutAUsablePasswordLoginsAreRefusedWithAClearMessage(String password, boolean demo, String host, String message) {
        Auth a = auth(password, demo, host);
        assertThat(a.unavailable()).contains(message);
        assertThat(a.login("c", Auth.DEMO_PASSWORD)).isInstanceOf(Auth.Unavailable.class);
    }

    @Test
    void demoModeOnLoopbackAcceptsTheDemoPasswordUnlessARealOneIsSet() {
        assertThat(auth("", true, "127.0.0.1").login("c", Auth.DEMO_PASSWORD)).isInstanceOf(Auth.LoggedIn.class);
        assertThat(auth("", true, "::1").login("c", Auth.DEMO_PASSWORD)).isInstanceOf(Auth.LoggedIn.class);
        assertThat(auth("correct horse", true, "127.0.0.1").login("c", Auth.DEMO_PASSWORD)).isInstanceOf(Auth.Refused.class);
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1, true", "127.1.2.3, true", "::1, true", "localhost, true", "0.0.0.0, false", "192.168.1.5, false", "example.org, false"})
    void loopbackIsDecidedByAddress(String host, boolean loopback) {
        assertThat(Auth.loopback(host)).isEqualTo(loopback);
    }
}
