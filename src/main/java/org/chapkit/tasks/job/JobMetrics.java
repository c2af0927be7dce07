package org.chapkit.tasks.job;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * The job meters, as {@code /actuator/prometheus} shows them: {@code chapkit_jobs_submitted_total{task}},
 * {@code chapkit_jobs_finished_total{task,status}}, {@code chapkit_jobs_duration_seconds{task}} (start to end),
 * {@code chapkit_jobs_start_latency_seconds} (accepted to started) and the gauges {@code chapkit_jobs_pending}
 * and {@code chapkit_jobs_running} (all nodes).
 */
@Component
class JobMetrics {

    private final MeterRegistry registry;
    private final Timer startLatency;

    JobMetrics(MeterRegistry registry, JobCounts counts) {
        this.registry = registry;
        this.startLatency = Timer.builder("chapkit.jobs.start.latency")
                .description("Time from a job's acceptance to its start").publishPercentileHistogram().register(registry);
        Gauge.builder("chapkit.jobs.pending", counts, JobCounts::pending).description("Jobs waiting to start").register(registry);
        Gauge.builder("chapkit.jobs.running", counts, JobCounts::running).description("Jobs running").register(registry);
    }

    void submitted(String taskName) {
        Counter.builder("chapkit.jobs.submitted").description("Jobs accepted").tag("task", taskName).register(registry).increment();
    }

    void started(Instant submittedAt, Instant startedAt) {
        startLatency.record(Duration.between(submittedAt, startedAt));
    }

    void finished(String taskName, JobStatus status, Instant startedAt, Instant finishedAt) {
        Counter.builder("chapkit.jobs.finished").description("Jobs that ended").tag("task", taskName)
                .tag("status", status.value()).register(registry).increment();
        Timer.builder("chapkit.jobs.duration").description("Time jobs ran, from start to end").tag("task", taskName)
                .register(registry).record(Duration.between(startedAt, finishedAt));
    }
}
