package org.chapkit.tasks.bench;

import java.util.List;

import org.chapkit.tasks.task.TaskDefinition;
import org.chapkit.tasks.task.TaskParam;
import org.chapkit.tasks.task.TaskRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Many small lambda tasks, for the benchmark's task listing with thousands of tasks: with
 * {@code bench.synthetic-tasks=N} (default 0, none), registers {@code synthetic_00001} ... each tagged
 * {@code synthetic} and two tags of {@link #TAGS}, so that a {@code ?tags=} filter keeps a known share. Only on the
 * service's classpath when bench/run puts it there.
 */
@Component
class SyntheticTaskRegistrar implements SmartInitializingSingleton {

    /** Task {@code i} carries {@code TAGS[i % 5]} and {@code TAGS[(i / 5) % 5]}: one tag keeps 9/25 of them, two 2/25. */
    static final List<String> TAGS = List.of("alpha", "beta", "gamma", "delta", "epsilon");

    private static final Logger log = LoggerFactory.getLogger(SyntheticTaskRegistrar.class);

    private final TaskRegistry registry;
    private final int count;

    SyntheticTaskRegistrar(TaskRegistry registry, @Value("${bench.synthetic-tasks:0}") int count) {
        this.registry = registry;
        this.count = count;
    }

    /** Registers once every bean exists, as the {@code @Task} scan does. */
    @Override
    public void afterSingletonsInstantiated() {
        for (int i = 1; i <= count; i++) {
            registry.register(TaskDefinition.of(String.format("synthetic_%05d", i), Params.class, (params, context) -> params.value())
                    .withTags("synthetic", TAGS.get(i % TAGS.size()), TAGS.get((i / TAGS.size()) % TAGS.size()))
                    .withDescription("Synthetic task " + i + " for the benchmark: returns its value.")
                    .withReturns(Integer.class)
                    .withRetryOnCrash(true));
        }
        if (count > 0) {
            log.info("Registered {} synthetic task(s)", count);
        }
    }

    record Params(@TaskParam(description = "Returned as the result", defaultValue = "0") int value) {
    }
}
