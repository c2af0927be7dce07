package org.chapkit.tasks.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
    /** Each task's meters, registered at its first job: a registration per job builds and looks up its id. */
    private final Map<String, TaskMeters> byTask = new ConcurrentHashMap<>();

    JobMetrics(MeterRegistry registry, JobCounts counts) {
        this.registry = registry;
        this.startLatency = Timer.builder("chapkit.jobs.start.latency")
                .description("Time from a job's acceptance to its start").publishPercentileHistogram().register(registry);
        Gauge.builder("chapkit.jobs.pending", counts, JobCounts::pending).description("Jobs waiting to start").register(registry);
        Gauge.builder("chapkit.jobs.running", counts, JobCounts::running).description("Jobs running").register(registry);
    }

    void submitted(String taskName) {
        meters(taskName).submitted.increment();
    }

    void started(Instant submittedAt, Instant startedAt) {
        startLatency.record(Duration.between(submittedAt, startedAt));
    }

    void finished(String taskName, JobStatus status, Instant startedAt, Instant finishedAt) {
        TaskMeters meters = meters(taskName);
        meters.finished.computeIfAbsent(status, ended -> Counter.builder("chapkit.jobs.finished").description("Jobs that ended")
                .tag("task", taskName).tag("status", ended.value()).register(registry)).increment();
        meters.duration.record(Duration.between(startedAt, finishedAt));
    }

    private TaskMeters meters(String taskName) {
        return byTask.computeIfAbsent(taskName, name -> new TaskMeters(
                Counter.builder("chapkit.jobs.submitted").description("Jobs accepted").tag("task", name).register(registry),
                Timer.builder("chapkit.jobs.duration").description("Time jobs ran, from start to end").tag("task", name).register(registry)));
    }

    /** A task's meters; a finished counter per status appears with the first job that ends so. */
    private record TaskMeters(Counter submitted, Timer duration, Map<JobStatus, Counter> finished) {

        TaskMeters(Counter submitted, Timer duration) {
            this(submitted, duration, new ConcurrentHashMap<>());
        }
    }
}
