package dev.cairn.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.Hashtable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonConfigTest {

    private static Hashtable<String, Object> parse(String json) throws Exception {
        return JsonConfig.parse(new StringReader(json));
    }

    @Test
    void membersBecomeTypedProperties() throws Exception {
        Hashtable<String, Object> p = parse("""
                { "name": "kitchen", "interval.ms": 250, "gain": 1.5, "enabled": true,
                  "pins": [17, 27], "tags": ["a", "b"], "weights": [1, 2.5], "none": [] }""");

        assertThat(p).containsEntry("name", "kitchen").containsEntry("interval.ms", 250L)
                .containsEntry("gain", 1.5).containsEntry("enabled", true);
        assertThat(p.get("pins")).isEqualTo(new Long[] {17L, 27L});
        assertThat(p.get("tags")).isEqualTo(new String[] {"a", "b"});
        assertThat(p.get("weights")).isEqualTo(new Double[] {1.0, 2.5});
        assertThat(p.get("none")).isEqualTo(new String[0]);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not an object      | [1, 2]                      | a configuration must be one JSON object",
            "nested object      | {\"a\": {\"b\": 1}}         | 'a': nested objects are not configuration values",
            "null value         | {\"a\": null}               | 'a' is null",
            "mixed array        | {\"a\": [1, \"x\"]}         | 'a': all items of an array must be of one kind",
            "array of arrays    | {\"a\": [[1]]}              | 'a': arrays may hold only",
            "duplicate key      | {\"a\": 1, \"a\": 2}        | key 'a' appears twice",
            "trailing comma     | {\"a\": 1,}                 | invalid JSON (line 1, column 9)",
            "trailing text      | {\"a\": 1} {}               | text after the configuration object",
    })
    void anInvalidFileIsRefusedWithWhatAndWhere(String what, String json, String message) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(JsonConfig.InvalidConfigException.class).hasMessageContaining(message);
    }

    @Test
    void anUnchangedConfigurationIsRecognisedSoComponentsAreNotReconfiguredForNothing() throws Exception {
        Hashtable<String, Object> current = parse("{\"a\": 1, \"tags\": [\"x\"]}");
        current.put("service.pid", "p");
        Hashtable<String, Object> same = parse("{\"tags\": [\"x\"], \"a\": 1}");
        Hashtable<String, Object> changed = parse("{\"a\": 2, \"tags\": [\"x\"]}");
        Hashtable<String, Object> more = parse("{\"a\": 1, \"tags\": [\"x\"], \"b\": true}");

        assertThat(ConfigFiles.sameProperties(current, same)).isTrue();
        assertThat(ConfigFiles.sameProperties(current, changed)).isFalse();
        assertThat(ConfigFiles.sameProperties(current, more)).isFalse();
        assertThat(ConfigFiles.sameProperties(null, same)).isFalse();
    }
}
