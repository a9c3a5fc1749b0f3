package dev.cairn.web;

/** The configuration PID every component of this bundle reads. */
final class Pids {
    static final String WEB = "dev.cairn.web";

    private Pids() {
    }
}
