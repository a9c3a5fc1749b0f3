package dev.cairn.bus;

/**
 * What stands on a request's way besides grants: the caller's circuit breakers and the handlers' rate limits. One
 * per node's bus; the configurations and the whiteboard fill it, the bus asks it on every request.
 */
final class CallGuard {
    private final Breakers breakers = new Breakers();
    private final RateLimits limits = new RateLimits();

    Breakers breakers() {
        return breakers;
    }

    RateLimits limits() {
        return limits;
    }
}
