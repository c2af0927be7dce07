package org.chapkit.tasks.task;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.chapkit.tasks.task.TaskTestSupport.registry;

/** {@code @Task(retries, backoff)}: the waits between attempts, and annotations that are refused at start-up. */
class RetryPolicyTest {

    @Test
    void eachWaitIsTwiceTheLastUpToAnHour() {
        RetryPolicy policy = new RetryPolicy(20, Duration.ofSeconds(2));
        assertThat(policy.maxAttempts()).isEqualTo(21);
        assertThat(policy.delayAfter(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delayAfter(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.delayAfter(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(policy.delayAfter(11)).isEqualTo(Duration.ofSeconds(2048));
        assertThat(policy.delayAfter(12)).isEqualTo(Duration.ofHours(1));
        assertThat(policy.delayAfter(20)).isEqualTo(Duration.ofHours(1));
        assertThat(new RetryPolicy(3, Duration.ofHours(5)).delayAfter(1)).isEqualTo(Duration.ofHours(1));
    }

    static class Retried {
        @Task(name = "retried", retries = 3, backoff = "500ms")
        String run() {
            return "ok";
        }
    }

    static class NegativeRetries {
        @Task(name = "negative", retries = -1)
        String run() {
            return "ok";
        }
    }

    static class BadBackoff {
        @Task(name = "bad_backoff", retries = 1, backoff = "soon")
        String run() {
            return "ok";
        }
    }

    @Test
    void theAnnotationIsListedWithTheTask() {
        TaskRegistry registry = registry();
        TaskInfo info = registry.registerAnnotated(new Retried()).get(0);
        assertThat(info.retries()).isEqualTo(3);
        assertThat(info.backoff()).isEqualTo("PT0.5S");
        assertThat(registry.require("retried").retry()).isEqualTo(new RetryPolicy(3, Duration.ofMillis(500)));
        assertThat(registry.register(TaskTestSupport.noParams("plain")).retries()).isZero();
    }

    @Test
    void negativeRetriesOrABackoffThatIsNotADurationStopTheStartNamingTheMethod() {
        assertThatIllegalArgumentException().isThrownBy(() -> registry().registerAnnotated(new NegativeRetries()))
                .withMessageContaining("NegativeRetries.run").withMessageContaining("retries is -1");
        assertThatIllegalArgumentException().isThrownBy(() -> registry().registerAnnotated(new BadBackoff()))
                .withMessageContaining("BadBackoff.run").withMessageContaining("backoff 'soon'");
    }
}
