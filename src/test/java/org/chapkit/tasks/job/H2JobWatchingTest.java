package org.chapkit.tasks.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Watching and steering jobs on the embedded H2 default. */
class H2JobWatchingTest extends AbstractJobWatchingTest {

    /** The default URL hands the file's compaction to the service (config.H2Compaction), whose meters show it. */
    @Test
    void theServiceCompactsTheDefaultH2FileAndShowsItsMeters() throws Exception {
        String metrics = send("GET", "/actuator/prometheus", null, null).body();
        assertThat(metrics).contains("chapkit_h2_compaction_slices_total", "chapkit_h2_compaction_seconds_total",
                        "chapkit_h2_compaction_longest_seconds")
                .containsPattern("chapkit_h2_rewritable_live_ratio(\\{[^}]*})? [01]\\.");
    }
}
