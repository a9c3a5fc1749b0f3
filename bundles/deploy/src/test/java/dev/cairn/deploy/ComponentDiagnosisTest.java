package dev.cairn.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

class ComponentDiagnosisTest {

    private static ComponentConfigurationDTO state(int state) {
        ComponentConfigurationDTO c = new ComponentConfigurationDTO();
        c.state = state;
        c.unsatisfiedReferences = new UnsatisfiedReferenceDTO[0];
        return c;
    }

    @Test
    void aFailedActivationShowsTheFirstLineOfItsFailure() {
        ComponentConfigurationDTO c = state(ComponentConfigurationDTO.FAILED_ACTIVATION);
        c.failure = "java.lang.IllegalArgumentException: limit.cents must be at least 0, not -1\n\tat dev.cairn...";

        assertThat(ComponentDiagnosis.describe("payments", c))
                .contains("component payments failed to activate: java.lang.IllegalArgumentException: limit.cents must be at least 0, not -1");
    }

    @Test
    void aConstructorFailureShowsItsInnermostCauseNotTheReflectionWrapper() {
        ComponentConfigurationDTO c = state(ComponentConfigurationDTO.FAILED_ACTIVATION);
        c.failure = "java.lang.reflect.InvocationTargetException\n\tat jdk.internal...\n"
                + "Caused by: java.lang.IllegalArgumentException: demo.orders must be at least 0, not -1\n\tat dev.cairn...";

        assertThat(ComponentDiagnosis.describe("orders", c))
                .contains("component orders failed to activate: java.lang.IllegalArgumentException: demo.orders must be at least 0, not -1");
    }

    @Test
    void anUnsatisfiedReferenceNamesWhatItWaitsFor() {
        ComponentConfigurationDTO c = state(ComponentConfigurationDTO.UNSATISFIED_REFERENCE);
        UnsatisfiedReferenceDTO r = new UnsatisfiedReferenceDTO();
        r.name = "bus";
        c.unsatisfiedReferences = new UnsatisfiedReferenceDTO[] {r};

        assertThat(ComponentDiagnosis.describe("orders", c)).contains("component orders waits for bus");
    }

    @Test
    void activeSatisfiedAndUnconfiguredComponentsAreNoProblem() {
        assertThat(ComponentDiagnosis.describe("a", state(ComponentConfigurationDTO.ACTIVE))).isEmpty();
        assertThat(ComponentDiagnosis.describe("b", state(ComponentConfigurationDTO.SATISFIED))).isEmpty();
        assertThat(ComponentDiagnosis.describe("c", state(ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION))).isEmpty();
    }
}
