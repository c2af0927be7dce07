package org.chapkit.tasks.job;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.chapkit.tasks.task.Task;
import org.chapkit.tasks.task.TaskContext;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Tasks with behaviour the examples do not have: blocking on a gate, ticking until it opens, ignoring interrupts,
 * a short timeout, re-running after a crash, raw bytes and child artifacts. Gates are named by a {@code gate} param so that each
 * test opens only its own; {@link #openAll()} opens whatever a failed test left closed.
 */
@TestConfiguration(proxyBeanMethods = false)
class JobTestTasks {

    /** Longest any task here waits, so that nothing outlives a test run even if a gate is never opened. */
    private static final long MAX_WAIT_SECONDS = 30;

    private static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();
    private static final Set<String> INTERRUPTED = ConcurrentHashMap.newKeySet();

    static String newGate() {
        return "gate-" + UUID.randomUUID();
    }

    /** The params of {@code test_block} and {@code test_stubborn} for this gate. */
    static String gateParams(String gate) {
        return "{\"gate\": \"" + gate + "\"}";
    }

    static void open(String gate) {
        gate(gate).countDown();
    }

    static void openAll() {
        GATES.values().forEach(CountDownLatch::countDown);
    }

    /** How many times a task of this class was invoked for the job. */
    static int runs(String jobId) {
        AtomicInteger count = RUNS.get(jobId);
        return count == null ? 0 : count.get();
    }

    /** Whether a {@code test_block} task of the job was interrupted while it waited for its gate. */
    static boolean interrupted(String jobId) {
        return INTERRUPTED.contains(jobId);
    }

    private static CountDownLatch gate(String name) {
        return GATES.computeIfAbsent(name, key -> new CountDownLatch(1));
    }

    private static void counted(TaskContext context) {
        RUNS.computeIfAbsent(context.jobId(), key -> new AtomicInteger()).incrementAndGet();
    }

    @Bean
    Tasks jobTestTasks() {
        return new Tasks();
    }

    static class Tasks {

        @Task(name = "test_block", description = "Waits until its gate opens.")
        String block(String gate, TaskContext context) throws InterruptedException {
            counted(context);
            boolean opened;
            try {
                opened = gate(gate).await(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                INTERRUPTED.add(context.jobId());
                throw e;
            }
            if (!opened) {
                throw new IllegalStateException("gate " + gate + " never opened");
            }
            return "opened";
        }

        @Task(name = "test_block_rerunnable", retryOnCrash = true, description = "Waits until its gate opens; safe to run twice.")
        String blockRerunnable(String gate, TaskContext context) throws InterruptedException {
            return block(gate, context);
        }

        @Task(name = "test_ticking", description = "Reports progress every 20 ms until its gate opens.")
        String ticking(String gate, TaskContext context) throws InterruptedException {
            counted(context);
            CountDownLatch latch = gate(gate);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_WAIT_SECONDS);
            for (int tick = 1; !latch.await(20, TimeUnit.MILLISECONDS); tick++) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("its gate never opened");
                }
                context.progress(tick % 100 / 100.0, "tick " + tick);
            }
            return "opened";
        }

        @Task(name = "test_stubborn", description = "Busy-waits until its gate opens, deaf to interrupts and cancellation.")
        String stubborn(String gate, TaskContext context) {
            counted(context);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_WAIT_SECONDS);
            CountDownLatch latch = gate(gate);
            while (latch.getCount() > 0 && System.nanoTime() - deadline < 0) {
                Thread.onSpinWait();
            }
            return "done";
        }

        @Task(name = "test_slow", timeout = "1s", description = "Sleeps far longer than its 1 s timeout.")
        String slow(TaskContext context) throws InterruptedException {
            counted(context);
            Thread.sleep(TimeUnit.SECONDS.toMillis(MAX_WAIT_SECONDS));
            return "woke up";
        }

        @Task(name = "test_progress_rerunnable", retryOnCrash = true,
                description = "Reports half its progress, then waits until its gate opens; safe to run twice.")
        String progressRerunnable(String gate, TaskContext context) throws InterruptedException {
            context.progress(0.5, "half way");
            return block(gate, context);
        }

        @Task(name = "test_rerunnable", retryOnCrash = true, description = "Safe to run twice.")
        String rerunnable(TaskContext context) {
            counted(context);
            return "ran";
        }

        @Task(name = "test_retried_failure", retries = 2, backoff = "50ms", description = "Fails every attempt, three in all.")
        String retriedFailure(TaskContext context) {
            counted(context);
            throw new IllegalStateException("attempt " + context.attempt() + " failed");
        }

        @Task(name = "test_exclusive", maxConcurrency = 1, description = "Waits until its gate opens; one at a time.")
        String exclusive(String gate, TaskContext context) throws InterruptedException {
            return block(gate, context);
        }

        @Task(name = "test_pair", maxConcurrency = 2, description = "Waits until its gate opens; two at a time.")
        String pair(String gate, TaskContext context) throws InterruptedException {
            return block(gate, context);
        }

        @Task(name = "test_once", description = "Not safe to run twice.")
        String once(TaskContext context) {
            counted(context);
            return "ran";
        }

        @Task(name = "test_bytes", description = "Returns raw bytes.")
        byte[] bytes(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }

        @Task(name = "test_echo", description = "Returns the length of its text, whatever its size.")
        int echo(String text) {
            return text.length();
        }

        @Task(name = "test_loud_failure", description = "Fails with a message of a megabyte that holds NUL characters.")
        void loudFailure() {
            throw new IllegalStateException("\0" + "x".repeat(1_000_000) + "\0");
        }

        @Task(name = "test_noisy_progress", description = "Reports progress with a long message holding a NUL character.")
        String noisyProgress(TaskContext context) {
            context.progress(0.5, "\0" + "p".repeat(5000));
            return "done";
        }

        @Task(name = "test_big_result", description = "Returns a string of the given number of characters.")
        String bigResult(int size) {
            return "y".repeat(size);
        }

        @Task(name = "test_not_finite", description = "Returns the sum and mean of nothing the careless way: infinity and NaN.")
        Map<String, Object> notFinite(boolean nested) {
            return nested ? Map.of("stats", List.of(Map.of("mean", Float.NaN))) : Map.of("sum", Double.POSITIVE_INFINITY);
        }

        @Task(name = "test_children", description = "Stores a JSON child and a CSV child under its result.")
        Map<String, String> children(TaskContext context) {
            String json = context.saveArtifact(Map.of("rows", 2, "columns", "a,b"));
            String csv = context.saveArtifact("a,b\n1,2\n3,4\n".getBytes(StandardCharsets.UTF_8), "text/csv");
            return Map.of("json_id", json, "csv_id", csv);
        }
    }
}
