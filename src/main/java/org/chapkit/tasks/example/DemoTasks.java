package org.chapkit.tasks.example;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.chapkit.tasks.task.ProcessRunner;
import org.chapkit.tasks.task.Task;
import org.chapkit.tasks.task.TaskContext;
import org.chapkit.tasks.task.TaskParam;
import org.springframework.stereotype.Component;

/** Small tasks that show the moving parts: parameters, progress, cancellation, failure, a subprocess. */
@Component
@ExamplesEnabled
class DemoTasks {

    @Task(name = "greet_user", retryOnCrash = true, tags = "demo", description = "Greets someone by name.")
    Greeting greetUser(@TaskParam(description = "Who to greet") @NotBlank String name,
                       @TaskParam(description = "The greeting word", defaultValue = "Hello") String greeting) {
        return new Greeting(greeting + ", " + name + "!");
    }

    record Greeting(String message) {
    }

    @Task(name = "simulate_work", tags = "demo",
            description = "Sleeps for a while in steps, reporting progress after each and stopping when canceled.")
    Steps simulateWork(@TaskParam(description = "Total time to sleep, in seconds", defaultValue = "1")
                       @DecimalMin("0") @DecimalMax("3600") double seconds,
                       @TaskParam(description = "How many steps to sleep in", defaultValue = "10") @Min(1) @Max(1000) int steps,
                       TaskContext context) throws InterruptedException {
        long stepMillis = Math.round(seconds * 1000 / steps);
        for (int step = 1; step <= steps; step++) {
            context.throwIfCancelled();
            Thread.sleep(stepMillis);
            context.progress((double) step / steps, "step " + step + " of " + steps);
        }
        return new Steps(steps);
    }

    record Steps(int steps) {
    }

    @Task(name = "always_fail", tags = "demo", description = "Fails with the given message, to show how a failed job looks.")
    void alwaysFail(@TaskParam(description = "The error message", defaultValue = "boom") String message) {
        throw new IllegalStateException(message);
    }

    @Task(name = "flaky_work", retries = 3, backoff = "1s", tags = "demo",
            description = "Fails its first attempts, then succeeds: shows how a job is retried after a failure.")
    Attempt flakyWork(@TaskParam(description = "How many attempts fail before one succeeds", defaultValue = "1")
                      @Min(0) @Max(100) int failTimes,
                      TaskContext context) {
        if (context.attempt() <= failTimes) {
            throw new IllegalStateException("attempt " + context.attempt() + " fails, as asked (fail_times " + failTimes + ")");
        }
        return new Attempt(context.attempt());
    }

    record Attempt(int attempt) {
    }

    @Task(name = "exclusive_work", maxConcurrency = 1, tags = "demo",
            description = "Sleeps; never more than one runs at a time, the others wait their turn in submit order.")
    Slept exclusiveWork(@TaskParam(description = "How long to sleep, in seconds", defaultValue = "1")
                        @DecimalMin("0") @DecimalMax("600") double seconds,
                        TaskContext context) throws InterruptedException {
        long until = System.nanoTime() + Math.round(seconds * 1e9);
        while (System.nanoTime() - until < 0) {
            context.throwIfCancelled();
            Thread.sleep(Math.max(1, Math.min(100, (until - System.nanoTime()) / 1_000_000)));
        }
        return new Slept(seconds);
    }

    record Slept(double slept) {
    }

    @Task(name = "system_info", retryOnCrash = true, tags = "demo", description = "Runs `uname -a` (no shell) and returns what it printed.")
    SystemInfo systemInfo() throws InterruptedException {
        ProcessRunner.Result result = ProcessRunner.run(List.of("uname", "-a"), Duration.ofSeconds(10));
        return new SystemInfo(String.join(" ", result.command()), result.stdout(), result.stderr(), result.exitCode());
    }

    record SystemInfo(String command, String stdout, String stderr, int exitCode) {
    }
}
