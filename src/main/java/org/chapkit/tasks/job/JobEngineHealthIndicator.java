package org.chapkit.tasks.job;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** {@code /actuator/health} component {@code jobEngine}: up while the engine runs, with the queue's size. */
@Component
class JobEngineHealthIndicator implements HealthIndicator {

    private final JobEngine engine;
    private final JobCounts counts;
    private final JobRunner runner;

    JobEngineHealthIndicator(JobEngine engine, JobCounts counts, JobRunner runner) {
        this.engine = engine;
        this.counts = counts;
        this.runner = runner;
    }

    @Override
    public Health health() {
        Health.Builder health = engine.isRunning() ? Health.up() : Health.down();
        try {
            health.withDetail("pending", counts.pending()).withDetail("running", counts.running());
        } catch (RuntimeException e) {
            health.down(e);
        }
        return health.withDetail("running_here", runner.runningHere()).withDetail("database", engine.database()).build();
    }
}
