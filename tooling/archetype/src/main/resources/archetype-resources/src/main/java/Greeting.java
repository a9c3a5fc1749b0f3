package ${package};

/** A greeting given. */
public record Greeting(String text) {
}
