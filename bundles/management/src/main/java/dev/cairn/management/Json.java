package dev.cairn.management;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The agent's JSON, made when first used: a node that is never managed never loads Jackson's databind for it. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}
}
