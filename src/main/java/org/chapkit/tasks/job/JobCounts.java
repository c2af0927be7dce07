package org.chapkit.tasks.job;

import java.util.EnumMap;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How many jobs are pending and running, across all nodes, read from the database at most every
 * {@value #MAX_AGE_MILLIS} ms; the jobs this node accepted since the last read are added to pending, so the
 * queue limit cannot be overrun by a burst between two reads. Only a fresh count refuses a job
 * ({@link #pendingIfAtLeast(long)}), so a stale one never does.
 */
@Component
class JobCounts {

    static final long MAX_AGE_MILLIS = 250;

    private final JdbcClient jdbc;
    private volatile Snapshot snapshot = new Snapshot(new EnumMap<>(JobStatus.class), 0);
    private final java.util.concurrent.atomic.AtomicLong acceptedSinceRead = new java.util.concurrent.atomic.AtomicLong();

    JobCounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long pending() {
        return fresh().counts.getOrDefault(JobStatus.PENDING, 0L) + acceptedSinceRead.get();
    }

    long running() {
        return fresh().counts.getOrDefault(JobStatus.RUNNING, 0L);
    }

    /**
     * The number of pending jobs if it is at least {@code limit}, counted afresh to be sure; otherwise -1.
     */
    long pendingIfAtLeast(long limit) {
        if (pending() < limit) {
            return -1;
        }
        synchronized (this) {
            snapshot = new Snapshot(snapshot.counts, 0); // forces a read
        }
        long pending = pending();
        return pending >= limit ? pending : -1;
    }

    void accepted() {
        acceptedSinceRead.incrementAndGet();
    }

    private Snapshot fresh() {
        Snapshot current = snapshot;
        long now = System.currentTimeMillis();
        if (now - current.readAt < MAX_AGE_MILLIS) {
            return current;
        }
        synchronized (this) {
            if (now - snapshot.readAt < MAX_AGE_MILLIS) {
                return snapshot;
            }
            acceptedSinceRead.set(0);
            Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
            jdbc.sql("select status, count(*) from jobs where status in ('PENDING', 'RUNNING') group by status")
                    .query(rs -> {
                        counts.put(JobStatus.valueOf(rs.getString(1)), rs.getLong(2));
                    });
            snapshot = new Snapshot(counts, System.currentTimeMillis());
            return snapshot;
        }
    }

    private record Snapshot(Map<JobStatus, Long> counts, long readAt) {
    }
}
