package org.chapkit.tasks.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chapkit.tasks.task.TaskTestSupport.noParams;
import static org.chapkit.tasks.task.TaskTestSupport.registry;

class TaskRegistryConcurrencyTest {

    private static final int THREADS = 8;
    private static final int TASKS_PER_THREAD = 500;

    private final TaskRegistry registry = registry();
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS * 2);

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void threadsRegisteringDistinctNamesWhileOthersListEndWithExactlyTheirTasks() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            writers.add(pool.submit(gated(start, () -> {
                for (int i = 0; i < TASKS_PER_THREAD; i++) {
                    registry.register(noParams(name(thread, i)).withTags("t" + thread));
                }
                return null;
            })));
        }
        List<Future<Integer>> readers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            readers.add(pool.submit(gated(start, () -> listUntilDone(writers))));
        }

        start.countDown();
        for (Future<?> writer : writers) {
            writer.get(30, TimeUnit.SECONDS);
        }
        for (Future<Integer> reader : readers) {
            assertThat(reader.get(30, TimeUnit.SECONDS)).isPositive();
        }

        Set<String> expected = IntStream.range(0, THREADS).boxed()
                .flatMap(t -> IntStream.range(0, TASKS_PER_THREAD).mapToObj(i -> name(t, i)))
                .collect(Collectors.toSet());
        List<String> listed = TaskRegistryTest.names(registry.list());
        assertThat(listed).hasSize(THREADS * TASKS_PER_THREAD).doesNotHaveDuplicates().isSorted();
        assertThat(Set.copyOf(listed)).isEqualTo(expected);
        assertThat(registry.listByTags(List.of("t3"))).hasSize(TASKS_PER_THREAD);
    }

    @Test
    void whenManyThreadsRegisterTheSameNameExactlyOneWins() throws Exception {
        for (int round = 0; round < 20; round++) {
            String name = "contested_" + round;
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> attempts = new ArrayList<>();
            for (int t = 0; t < THREADS * 2; t++) {
                String description = "thread " + t;
                attempts.add(pool.submit(gated(start, () -> tryRegister(noParams(name).withDescription(description)))));
            }
            start.countDown();

            List<Integer> winners = new ArrayList<>();
            for (int t = 0; t < attempts.size(); t++) {
                if (attempts.get(t).get(30, TimeUnit.SECONDS)) {
                    winners.add(t);
                }
            }
            assertThat(winners).as("round %d", round).hasSize(1);
            assertThat(registry.info(name)).get().extracting(TaskInfo::description)
                    .isEqualTo("thread " + winners.get(0));
        }
        assertThat(registry.list()).hasSize(20);
    }

    private boolean tryRegister(TaskDefinition task) {
        try {
            registry.register(task);
            return true;
        } catch (IllegalArgumentException e) {
            assertThat(e).hasMessageContaining("used twice");
            return false;
        }
    }

    /** Lists repeatedly until every writer is done, checking each listing is sorted; returns how many it made. */
    private int listUntilDone(List<Future<?>> writers) {
        int listings = 0;
        do {
            List<String> names = TaskRegistryTest.names(registry.list());
            assertThat(names).isSorted().doesNotHaveDuplicates();
            listings++;
        } while (!writers.stream().allMatch(Future::isDone));
        return listings;
    }

    private static <T> Callable<T> gated(CountDownLatch start, Callable<T> body) {
        return () -> {
            start.await();
            return body.call();
        };
    }

    private static String name(int thread, int index) {
        return "task_" + thread + "_" + index;
    }
}
