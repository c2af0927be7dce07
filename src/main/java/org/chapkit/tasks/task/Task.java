package org.chapkit.tasks.task;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a Spring bean as a task that clients can list and run by {@link #name()}.
 *
 * <p>Parameters are bound by name from the {@code params} of an execute request (snake_case of the Java
 * name unless {@link TaskParam#name()} says otherwise). A {@link TaskContext} parameter is injected, never
 * bound. Bean Validation constraints on parameters are checked before a job is created.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Task {

    /** The task's name, unique in the registry; it must match {@code ^[a-zA-Z0-9_-]+$}. */
    String name();

    /** Tags for grouping and filtering ({@code GET /api/v1/tasks?tags=a,b} matches tasks with all of them). */
    String[] tags() default {};

    /** A sentence for humans, shown in the task listing and the OpenAPI document. */
    String description() default "";

    /** A disabled task is listed but refuses to run (409 {@code task-disabled}). */
    boolean enabled() default true;

    /**
     * What happens to a job of this task that was running when its node died: {@code true} runs it again (up to
     * {@code chapkit.jobs.max-crash-retries} times), {@code false} ends it {@code failed} with error_type
     * {@code JobCrashed}. Only say true for a task that is safe to run twice.
     */
    boolean retryOnCrash() default false;

    /**
     * How many more times a job of this task runs when its task throws (a timeout counts; a cancel does not):
     * after {@link #backoff()}, then twice as long each time, at most an hour. The job stays {@code pending} between
     * attempts, with {@code next_attempt_at}, and keeps the last failure in {@code error}. 0, the default, for none.
     */
    int retries() default 0;

    /**
     * At most this many jobs of this task run at once, across every node of the service; the others wait
     * {@code pending} and start in the order they were submitted as running ones end. 0, the default, for no limit
     * beyond the engine's workers.
     */
    int maxConcurrency() default 0;

    /** The wait before the second attempt when {@link #retries()} is above 0: {@code "500ms"}, {@code "2s"}, {@code "PT1M"}. */
    String backoff() default "1s";

    /**
     * How long a job of this task may run before it ends {@code failed} with error_type {@code TimeoutException}:
     * {@code "30s"}, {@code "5m"}, {@code "PT1H"}. Empty means {@code chapkit.jobs.default-timeout}.
     */
    String timeout() default "";
}
