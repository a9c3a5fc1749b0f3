package dev.cairn.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON in and out of the servlets. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // explicitly: Jackson's module discovery (ServiceLoader) does not see across bundles
            .registerModule(new JavaTimeModule());

    private Json() {
    }

    static void write(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        MAPPER.writeValue(resp.getOutputStream(), body);
    }

    /** {@code {"error": message, "field": field}}, the shape of every error this bundle answers. */
    static void error(HttpServletResponse resp, int status, String message, String field) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        if (field != null) body.put("field", field);
        write(resp, status, body);
    }
}
