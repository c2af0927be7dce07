package org.chapkit.tasks.store;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Health component {@code store}, part of readiness: DOWN from the first failure that says the store is
 * unavailable ({@link StoreFaults}) until a probe writes to it again. The probe is a one-row update in a
 * transaction of its own, every probe interval; it sees an outage that no request has met yet, and the store's
 * return. Remembers when the store came back, so that the engine does not take a job whose node could not
 * heartbeat during the outage for dead ({@link #recoveredWithin}).
 */
public class StoreHealth implements HealthIndicator, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StoreHealth.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final StoreDialect dialect;
    private final Duration probeInterval;
    private volatile @Nullable Outage outage;
    private volatile long recoveredAtNanos;
    private volatile boolean recovered;
    private @Nullable ScheduledExecutorService prober;

    public StoreHealth(JdbcClient jdbc, TransactionTemplate transaction, StoreDialect dialect, Duration probeInterval) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.dialect = dialect;
        this.probeInterval = probeInterval;
    }

    /** What is known of an outage: since when, and the last failure's message. */
    private record Outage(Instant since, String error) {
    }

    /**
     * Notes a failure; if it says the store is unavailable, readiness goes DOWN until a probe succeeds.
     *
     * @return whether it was such a failure
     */
    public boolean failed(Throwable failure) {
        if (!StoreFaults.isUnavailable(failure)) {
            return false;
        }
        Outage current = outage;
        String error = describe(failure);
        if (current == null) {
            log.warn("The store is unavailable: {}; answering 503 store-unavailable until it is back", error);
            outage = new Outage(Instant.now(), error);
        } else if (!current.error().equals(error)) {
            outage = new Outage(current.since(), error);
        }
        return true;
    }

    /** Whether the store is taken to be unavailable now. */
    public boolean isDown() {
        return outage != null;
    }

    /** Whether the store came back from an outage less than {@code window} ago. */
    public boolean recoveredWithin(Duration window) {
        return recovered && System.nanoTime() - recoveredAtNanos < window.toNanos();
    }

    /** One probe: a write in a transaction of its own; ends an outage when it succeeds. */
    public void probe() {
        try {
            transaction.executeWithoutResult(status -> jdbc.sql("update store_probe set checked_at = ? where id = 1")
                    .param(Instant.now().toString()).update());
        } catch (RuntimeException e) {
            if (!failed(e)) {
                log.warn("The store's probe failed: {}", describe(e));
            }
            return;
        }
        Outage ended = outage;
        if (ended != null) {
            recoveredAtNanos = System.nanoTime();
            recovered = true;
            outage = null;
            log.info("The store is back after {} ms", Duration.between(ended.since(), Instant.now()).toMillis());
        }
    }

    @Override
    public Health health() {
        Outage current = outage;
        return current == null ? Health.up().withDetail("database", dialect.name()).build()
                : Health.down().withDetail("database", dialect.name()).withDetail("since", current.since().toString())
                        .withDetail("error", current.error()).build();
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return StoreText.clip(message.replace('\n', ' ').replace('\r', ' '), 300);
    }

    @Override
    public void start() {
        prober = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "chapkit-store-probe");
            thread.setDaemon(true);
            return thread;
        });
        long millis = probeInterval.toMillis();
        prober.scheduleWithFixedDelay(this::probe, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (prober != null) {
            prober.shutdownNow();
            prober = null;
        }
    }

    @Override
    public boolean isRunning() {
        return prober != null;
    }
}
