package dev.cairn.deploy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

/**
 * A configuration file in JSON: one object whose members are the properties. Strings, booleans and
 * numbers map to String, Boolean, Long (whole numbers) and Double; an array of one kind maps to an
 * array of it. Anything else — nested objects, null, mixed arrays — is refused with the key named.
 */
final class JsonConfig {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private JsonConfig() {
    }

    static Hashtable<String, Object> parse(Reader in) throws InvalidConfigException {
        try (JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw invalid(p, "a configuration must be one JSON object");
            Hashtable<String, Object> props = new Hashtable<>();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String key = p.currentName();
                p.nextToken();
                if (props.put(key, value(p, key)) != null) throw invalid(p, "key '" + key + "' appears twice");
            }
            if (p.nextToken() != null) throw invalid(p, "text after the configuration object");
            return props;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new InvalidConfigException("invalid JSON" + where(at) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidConfigException("cannot read: " + e.getMessage());
        }
    }

    private static Object value(JsonParser p, String key) throws IOException, InvalidConfigException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_ARRAY) {
            List<Object> items = new ArrayList<>();
            for (JsonToken i = p.nextToken(); i != JsonToken.END_ARRAY; i = p.nextToken()) {
                if (i == JsonToken.START_ARRAY || i == JsonToken.START_OBJECT) {
                    throw invalid(p, "'" + key + "': arrays may hold only strings, numbers or booleans");
                }
                items.add(scalar(p, key));
            }
            return toArray(p, key, items);
        }
        if (t == JsonToken.START_OBJECT) throw invalid(p, "'" + key + "': nested objects are not configuration values");
        return scalar(p, key);
    }

    private static Object scalar(JsonParser p, String key) throws IOException, InvalidConfigException {
        return switch (p.currentToken()) {
            case VALUE_STRING -> p.getText();
            case VALUE_TRUE, VALUE_FALSE -> p.getBooleanValue();
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_NULL -> throw invalid(p, "'" + key + "' is null: leave the key out instead");
            default -> throw invalid(p, "'" + key + "' has no configuration value");
        };
    }

    private static Object toArray(JsonParser p, String key, List<Object> items) throws InvalidConfigException {
        if (items.isEmpty()) return new String[0];
        boolean allLong = items.stream().allMatch(Long.class::isInstance);
        Class<?> type = allLong ? Long.class
                : items.stream().allMatch(Number.class::isInstance) ? Double.class : items.get(0).getClass();
        Object array = Array.newInstance(type, items.size());
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            if (type == Double.class && item instanceof Number n) item = n.doubleValue();
            if (!type.isInstance(item)) throw invalid(p, "'" + key + "': all items of an array must be of one kind");
            Array.set(array, i, item);
        }
        return array;
    }

    private static InvalidConfigException invalid(JsonParser p, String message) {
        return new InvalidConfigException(message + where(p.currentLocation()));
    }

    private static String where(JsonLocation at) {
        return at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    static final class InvalidConfigException extends Exception {
        InvalidConfigException(String message) {
            super(message);
        }
    }
}
