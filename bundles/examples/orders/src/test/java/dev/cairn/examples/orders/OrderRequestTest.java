package dev.cairn.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class OrderRequestTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aGoodOrderIsTakenWithItsItemTrimmed() throws Exception {
        assertThat(OrderRequest.parse(JSON.readTree("{\"item\": \" seeds \", \"cents\": 1250}"))).isEqualTo(new OrderRequest("seeds", 1250));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"cents\": 5}                    | item",
            "{\"item\": \"\", \"cents\": 5}     | item",
            "{\"item\": 3, \"cents\": 5}        | item",
            "{\"item\": \"soil\"}              | cents",
            "{\"item\": \"soil\", \"cents\": \"5\"} | cents",
            "{\"item\": \"soil\", \"cents\": 1.5}   | cents",
            "{\"item\": \"soil\", \"cents\": 0}     | cents",
            "{\"item\": \"soil\", \"cents\": 99999999999} | cents"})
    void aBadFieldIsNamed(String body, String field) {
        assertThatThrownBy(() -> OrderRequest.parse(JSON.readTree(body)))
                .isInstanceOfSatisfying(OrderRequest.BadInput.class, e -> assertThat(e.field).isEqualTo(field));
    }

    @Test
    void aBodyThatIsNoObjectIsRefused() {
        assertThatThrownBy(() -> OrderRequest.parse(JSON.readTree("[1,2]"))).isInstanceOf(OrderRequest.BadInput.class);
    }
}
