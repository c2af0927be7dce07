package org.chapkit.tasks.example;

import java.util.List;
import java.util.Objects;

import jakarta.validation.constraints.NotNull;
import org.chapkit.tasks.task.Task;
import org.chapkit.tasks.task.TaskParam;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Data tasks: a summary of scaled numbers, and dropping missing values. */
@Component
@ExamplesEnabled
class DataTasks {

    @Task(name = "process_data", retryOnCrash = true, tags = {"data", "etl"}, description = "Scales numbers and returns their count, sum and mean.")
    Summary processData(@TaskParam(description = "The numbers") List<@NotNull Double> values,
                        @TaskParam(description = "Factor each value is multiplied by", defaultValue = "1") double scale) {
        double sum = 0;
        for (double value : values) {
            sum += value * scale;
        }
        return new Summary(values.size(), sum, values.isEmpty() ? null : sum / values.size());
    }

    /**
     * @param mean null for no values
     */
    record Summary(int count, double sum, @Nullable Double mean) {
    }

    @Task(name = "clean_data", retryOnCrash = true, tags = {"data", "preprocessing"}, description = "Drops the nulls from a list of numbers.")
    Cleaned cleanData(@TaskParam(description = "Numbers, some of them null") List<@Nullable Double> values) {
        List<Double> kept = values.stream().filter(Objects::nonNull).toList();
        return new Cleaned(kept, values.size() - kept.size());
    }

    record Cleaned(List<Double> values, int removed) {
    }
}
