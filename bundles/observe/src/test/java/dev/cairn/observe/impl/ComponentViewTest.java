package dev.cairn.observe.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ComponentViewTest {
    /** As Felix SCR 2.2 records a constructor that threw (ComponentConfigurationDTO.failure). */
    private static final String SCR_FAILURE = """
            java.lang.reflect.InvocationTargetException
            \tat java.base/jdk.internal.reflect.NativeConstructorAccessorImpl.newInstance0(Native Method)
            \tat org.apache.felix.scr.impl.inject.internal.ComponentConstructorImpl.newInstance(ComponentConstructorImpl.java:326)
            Caused by: java.lang.IllegalStateException: Pi4J's Raspberry Pi providers cannot drive a pin: no GPIO chip
            \tat dev.cairn.hardware.pi4j.Pi4jService.build(Pi4jService.java:60)
            \t... 12 more
            """;

    @Test
    void aFailedActivationIsNamedByItsInnermostCauseNotTheReflectionWrapper() {
        assertThat(ComponentView.rootCause(SCR_FAILURE))
                .isEqualTo("java.lang.IllegalStateException: Pi4J's Raspberry Pi providers cannot drive a pin: no GPIO chip");
    }

    @Test
    void aFailureWithoutACauseIsItsFirstLine() {
        assertThat(ComponentView.rootCause("java.lang.IllegalArgumentException: interval.ms must be ≥ 1\n\tat x.y(Z.java:1)\n"))
                .isEqualTo("java.lang.IllegalArgumentException: interval.ms must be ≥ 1");
    }
}
