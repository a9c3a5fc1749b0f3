package dev.cairn.ctl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every subcommand has: the root command's options, the connection, and the two output formats. */
abstract class Base implements Callable<Integer> {
    /**
     * Made on first use, not when picocli instantiates every subcommand to build the model: an ObjectMapper
     * loads some 400 Jackson classes, which {@code --help}, {@code keys init} or {@code hash-password} never need.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    static ObjectMapper mapper() {
        return Json.MAPPER;
    }

    @Spec
    CommandSpec spec;

    Cairnctl root() {
        return (Cairnctl) spec.root().userObject();
    }

    /** Prints {@code value} as JSON when -o json, else runs {@code table}. */
    void print(Object value, Runnable table) {
        if (root().json()) root().out.println(json(value));
        else table.run();
    }

    static String json(Object value) {
        try {
            return mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static String str(Object o) {
        return o == null ? "-" : String.valueOf(o);
    }
}
