package dev.cairn.examples.orders;

import com.fasterxml.jackson.databind.JsonNode;

/** The body of {@code POST /api/orders}: {@code {"item": "seeds", "cents": 1250}}, checked field by field. */
record OrderRequest(String item, long cents) {
    static final int MAX_ITEM = 100;
    static final long MAX_CENTS = 10_000_000;

    /** A field that is missing or wrong; {@code field} names it. */
    static final class BadInput extends Exception {
        private static final long serialVersionUID = 1L;
        final String field;

        BadInput(String field, String message) {
            super(message);
            this.field = field;
        }
    }

    static OrderRequest parse(JsonNode body) throws BadInput {
        if (body == null || !body.isObject()) throw new BadInput(null, "the body must be a JSON object: {\"item\": \"seeds\", \"cents\": 1250}");
        JsonNode item = body.get("item");
        if (item == null || !item.isTextual() || item.asText().isBlank()) throw new BadInput("item", "item must be a non-empty string");
        if (item.asText().length() > MAX_ITEM) throw new BadInput("item", "item must be at most " + MAX_ITEM + " characters");
        JsonNode cents = body.get("cents");
        if (cents == null || !cents.isIntegralNumber()) throw new BadInput("cents", "cents must be a whole number of cents");
        if (cents.asLong() < 1 || cents.asLong() > MAX_CENTS || !cents.canConvertToLong()) {
            throw new BadInput("cents", "cents must be between 1 and " + MAX_CENTS);
        }
        return new OrderRequest(item.asText().trim(), cents.asLong());
    }
}
