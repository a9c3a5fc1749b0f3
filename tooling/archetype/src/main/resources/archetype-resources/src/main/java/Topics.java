package ${package};

/** The bus topics of this service: named once, used by the code and by its {@code @BusGrants}. */
final class Topics {
    /** Requests: a {@link GreetRequest}, answered with a {@link Greeting}. */
    static final String GREET = "${topic}/greet";
    /** Events: every {@link Greeting} given. */
    static final String GREETED = "${topic}/greeted";

    private Topics() {
    }
}
