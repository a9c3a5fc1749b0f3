package dev.cairn.web;

import dev.cairn.management.api.PasswordHash;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's login: one admin password from {@code conf/dev.cairn.web.cfg}, sessions held in memory
 * (a random token in an HttpOnly, SameSite=Strict cookie, and a CSRF token that every POST must echo), and
 * a limit on failed logins: {@value #FAILURES_PER_CLIENT} per client address and {@value #FAILURES_ALL}
 * from all addresses per {@link #WINDOW}.
 */
final class Auth {
    static final String DEMO_PASSWORD = "cairn-demo";
    static final int MIN_PASSWORD = 8;
    static final int FAILURES_PER_CLIENT = 5;
    static final int FAILURES_ALL = 20;
    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int MAX_SESSIONS = 64;
    private static final int MAX_CLIENTS = 1024;

    record Session(String token, String csrf, long expiresAtMillis) {}

    sealed interface Outcome {}
    record LoggedIn(Session session) implements Outcome {}
    record Refused(String message) implements Outcome {}
    record Unavailable(String message) implements Outcome {}
    record Throttled(long retryAfterSeconds) implements Outcome {}

    private final byte[] expected;        // SHA-256 of a password kept as text (or the demo's)
    private final String expectedHash;    // or a PasswordHash, checked outside the lock (it takes ~0.1 s on purpose)
    private final String unavailable;
    private final Duration sessionLength;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private final Map<String, Deque<Long>> failures = new HashMap<>();
    private final Deque<Long> allFailures = new ArrayDeque<>();

    Auth(String password, boolean demo, String host, Duration sessionLength, Clock clock) {
        this.sessionLength = sessionLength;
        this.clock = clock;
        String accepted = null;
        String hash = null;
        String why = null;
        if (PasswordHash.isHash(password)) {
            try {
                PasswordHash.check(password);
                hash = password;
            } catch (IllegalArgumentException e) {
                why = "the admin password hash in conf/dev.cairn.web.cfg (.admin.password) is malformed: " + e.getMessage() + "; logins are refused";
            }
        } else if (password != null && !password.isEmpty()) {
            if (password.length() < MIN_PASSWORD) why = "the admin password in conf/dev.cairn.web.cfg (.admin.password) is shorter than " + MIN_PASSWORD + " characters; logins are refused";
            else accepted = password;
        } else if (demo && loopback(host)) {
            accepted = DEMO_PASSWORD;
        } else if (demo) {
            why = "demo mode is only accepted on loopback (http.host = " + host + "); set .admin.password in conf/dev.cairn.web.cfg";
        } else {
            why = "no admin password is configured: set .admin.password in conf/dev.cairn.web.cfg";
        }
        this.expected = accepted == null ? null : sha256(accepted);
        this.expectedHash = hash;
        this.unavailable = why;
    }

    /** Why nobody can log in, or null when logins are possible. */
    String unavailable() {
        return unavailable;
    }

    /** True when the password is kept as a hash rather than as text. */
    boolean hashed() {
        return expectedHash != null;
    }

    Outcome login(String client, String password) {
        if (expected == null && expectedHash == null) return new Unavailable(unavailable);
        long attempt;
        synchronized (this) {
            long now = clock.millis();
            Deque<Long> mine = prune(failures.computeIfAbsent(client, c -> new ArrayDeque<>()), now);
            prune(allFailures, now);
            Long blockedSince = mine.size() >= FAILURES_PER_CLIENT ? mine.peekFirst() : allFailures.size() >= FAILURES_ALL ? allFailures.peekFirst() : null;
            if (blockedSince != null) return new Throttled(Math.max(1, (blockedSince + WINDOW.toMillis() - now + 999) / 1000));
            // counted as a failure until it proves right: parallel guesses meet the limit as sequential ones do
            attempt = now;
            mine.addLast(attempt);
            allFailures.addLast(attempt);
            if (failures.size() > MAX_CLIENTS) failures.values().removeIf(d -> prune(d, now).isEmpty());
        }
        // the hash is slow on purpose (~0.1 s): checked outside the lock, so sessions are not held up meanwhile
        boolean right = password != null && (expectedHash != null
                ? PasswordHash.matches(expectedHash, password.toCharArray())
                : MessageDigest.isEqual(expected, sha256(password)));
        return right ? loggedIn(client, attempt) : new Refused("wrong password");
    }

    private synchronized Outcome loggedIn(String client, long attempt) {
        failures.remove(client);
        allFailures.removeLastOccurrence(attempt);
        long now = clock.millis();
        expireSessions(now);
        while (sessions.size() >= MAX_SESSIONS) {
            Iterator<String> oldest = sessions.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        Session s = new Session(token(), token(), now + sessionLength.toMillis());
        sessions.put(s.token(), s);
        return new LoggedIn(s);
    }

    synchronized Optional<Session> session(String token) {
        if (token == null) return Optional.empty();
        Session s = sessions.get(token);
        if (s == null) return Optional.empty();
        if (s.expiresAtMillis() <= clock.millis()) {
            sessions.remove(token);
            return Optional.empty();
        }
        return Optional.of(s);
    }

    synchronized void logout(String token) {
        if (token != null) sessions.remove(token);
    }

    static boolean csrfMatches(Session s, String header) {
        return header != null && MessageDigest.isEqual(s.csrf().getBytes(StandardCharsets.UTF_8), header.getBytes(StandardCharsets.UTF_8));
    }

    /** 127.0.0.0/8, ::1 or localhost — by address, without asking a name server. */
    static boolean loopback(String host) {
        if (host == null) return false;
        String h = host.trim();
        if (h.equalsIgnoreCase("localhost")) return true;
        if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) return false;
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private Deque<Long> prune(Deque<Long> times, long now) {
        while (!times.isEmpty() && times.peekFirst() <= now - WINDOW.toMillis()) times.pollFirst();
        return times;
    }

    private void expireSessions(long now) {
        sessions.values().removeIf(s -> s.expiresAtMillis() <= now);
    }

    private String token() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
