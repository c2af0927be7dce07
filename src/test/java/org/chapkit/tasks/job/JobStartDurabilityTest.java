package org.chapkit.tasks.job;

import org.chapkit.tasks.task.TaskDefinition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which starts may skip the wait for the disk: only the first run of a task that is safe to run twice. A crash
 * then finds the job {@code pending} and runs it again uncounted; after a revival every start is counted on disk,
 * so {@code max-crash-retries} still ends a job that keeps killing its node.
 */
class JobStartDurabilityTest {

    record NoParams() {
    }

    private static final TaskDefinition ONCE = TaskDefinition.of("once", NoParams.class, (params, context) -> null);
    private static final TaskDefinition RERUNNABLE = ONCE.withRetryOnCrash(true);

    @Test
    void aReRunnableTasksFirstStartDoesNotWait() {
        assertThat(JobRunner.startWaitsForDisk(RERUNNABLE, 0)).isFalse();
    }

    @Test
    void aReRunnableTasksStartAfterARevivalWaits() {
        assertThat(JobRunner.startWaitsForDisk(RERUNNABLE, 1)).isTrue();
        assertThat(JobRunner.startWaitsForDisk(RERUNNABLE, 4)).isTrue();
    }

    @Test
    void aTaskThatMustNotRunTwiceAlwaysWaits() {
        assertThat(JobRunner.startWaitsForDisk(ONCE, 0)).isTrue();
        assertThat(JobRunner.startWaitsForDisk(ONCE, 1)).isTrue();
    }

    @Test
    void aJobWhoseTaskIsNoLongerRegisteredWaits() {
        assertThat(JobRunner.startWaitsForDisk(null, 0)).isTrue();
    }
}
