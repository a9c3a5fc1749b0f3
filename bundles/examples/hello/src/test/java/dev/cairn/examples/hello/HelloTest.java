package dev.cairn.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import org.junit.jupiter.api.Test;

class HelloTest {

    static HelloConfig config(String name) {
        return new HelloConfig() {
            @Override
            public String greeting_name() {
                return name;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return HelloConfig.class;
            }
        };
    }

    @Test
    void greetsTheConfiguredNameAndFollowsChanges() {
        Hello hello = new Hello(config("Ada"));
        assertThat(hello.greeting()).isEqualTo("Hello, Ada!");

        hello.configure(config("  Grace "));
        assertThat(hello.greeting()).isEqualTo("Hello, Grace!");
    }

    @Test
    void refusesABlankNameAndKeepsTheGreetingInForce() {
        Hello hello = new Hello(config("Ada"));
        assertThatThrownBy(() -> hello.configure(config(" "))).hasMessageContaining("greeting.name");
        assertThat(hello.greeting()).isEqualTo("Hello, Ada!");
    }
}
