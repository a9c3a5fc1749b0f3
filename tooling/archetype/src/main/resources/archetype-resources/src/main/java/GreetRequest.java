package ${package};

/** Who is to be greeted. Payloads are records of plain values: across nodes they travel as JSON. */
public record GreetRequest(String name) {
}
