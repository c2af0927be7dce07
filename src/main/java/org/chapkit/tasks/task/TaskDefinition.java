package org.chapkit.tasks.task;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;

/**
 * A runnable task: its name and metadata, the parameters clients may set, and how to invoke it. Made from an
 * annotated method by the registry's scanner, or from a lambda with {@link #of(String, Class, TaskFunction)}.
 * Instances are immutable; the {@code with...} methods return changed copies.
 */
public final class TaskDefinition {

    private final String name;
    private final String description;
    private final Set<String> tags;
    private final boolean enabled;
    private final Type returnType;
    private final TaskInvoker invoker;
    private final boolean retryOnCrash;
    private final @Nullable Duration timeout;
    private final RetryPolicy retry;
    private final int maxConcurrency;

    private TaskDefinition(String name, String description, Collection<String> tags, boolean enabled,
                           Type returnType, TaskInvoker invoker, boolean retryOnCrash, @Nullable Duration timeout,
                           RetryPolicy retry, int maxConcurrency) {
        if (maxConcurrency < 0) {
            throw new IllegalStateException(invoker.source() + ": maxConcurrency is " + maxConcurrency + "; it must be 0 (no limit) or more");
        }
        this.name = name;
        this.description = description;
        this.tags = java.util.Collections.unmodifiableSet(new TreeSet<>(tags));
        this.enabled = enabled;
        this.returnType = returnType;
        this.invoker = invoker;
        this.retryOnCrash = retryOnCrash;
        this.timeout = timeout;
        this.retry = retry;
        this.maxConcurrency = maxConcurrency;
    }

    /**
     * A task whose parameters are the components of {@code paramsType}, run by {@code body}.
     *
     * <pre>{@code
     * record SumParams(@TaskParam(description = "first") int a, @TaskParam(defaultValue = "0") int b) {}
     * registry.register(TaskDefinition.of("sum", SumParams.class, (p, ctx) -> p.a() + p.b()).withTags("math"));
     * }</pre>
     */
    public static <P extends Record> TaskDefinition of(String name, Class<P> paramsType, TaskFunction<P> body) {
        return new TaskDefinition(name, "", List.of(), true, Object.class,
                new RecordTaskInvoker<>(paramsType, body, "lambda task '" + name + "'"), false, null, RetryPolicy.NONE, 0);
    }

    static TaskDefinition ofMethod(Task annotation, Object bean, Method method, String beanName) {
        TaskInvoker invoker = new MethodTaskInvoker(bean, method, beanName);
        Duration timeout = annotation.timeout().isBlank() ? null : parseTimeout(annotation.timeout(), invoker.source());
        return new TaskDefinition(annotation.name(), annotation.description(), Arrays.asList(annotation.tags()),
                annotation.enabled(), method.getGenericReturnType(), invoker, annotation.retryOnCrash(), timeout,
                RetryPolicy.of(annotation.retries(), annotation.backoff(), invoker.source()), annotation.maxConcurrency());
    }

    private static Duration parseTimeout(String text, String source) {
        try {
            Duration timeout = DurationStyle.detectAndParse(text.trim());
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("must be positive");
            }
            return timeout;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + ": timeout '" + text + "' is not a positive duration like 30s, 5m or PT1H");
        }
    }

    public TaskDefinition withTags(String... newTags) {
        return new TaskDefinition(name, description, Arrays.asList(newTags), enabled, returnType, invoker, retryOnCrash, timeout, retry, maxConcurrency);
    }

    public TaskDefinition withDescription(String newDescription) {
        return new TaskDefinition(name, newDescription, tags, enabled, returnType, invoker, retryOnCrash, timeout, retry, maxConcurrency);
    }

    public TaskDefinition withEnabled(boolean newEnabled) {
        return new TaskDefinition(name, description, tags, newEnabled, returnType, invoker, retryOnCrash, timeout, retry, maxConcurrency);
    }

    /** Declares what the lambda returns, so that the task's {@code returns} schema can say it. */
    public TaskDefinition withReturns(Type newReturnType) {
        return new TaskDefinition(name, description, tags, enabled, newReturnType, invoker, retryOnCrash, timeout, retry, maxConcurrency);
    }

    /** A copy that a crashed job is re-run with (true) or failed (false); see {@link Task#retryOnCrash()}. */
    public TaskDefinition withRetryOnCrash(boolean newRetryOnCrash) {
        return new TaskDefinition(name, description, tags, enabled, returnType, invoker, newRetryOnCrash, timeout, retry, maxConcurrency);
    }

    /** A copy with its own timeout instead of {@code chapkit.jobs.default-timeout}. */
    public TaskDefinition withTimeout(Duration newTimeout) {
        return new TaskDefinition(name, description, tags, enabled, returnType, invoker, retryOnCrash, newTimeout, retry, maxConcurrency);
    }

    /** A copy whose failed jobs run again as {@code newRetry} says; see {@link Task#retries()}. */
    public TaskDefinition withRetries(RetryPolicy newRetry) {
        return new TaskDefinition(name, description, tags, enabled, returnType, invoker, retryOnCrash, timeout, newRetry, maxConcurrency);
    }

    /** A copy of which at most {@code newMaxConcurrency} jobs run at once across the cluster; 0 for no limit. */
    public TaskDefinition withMaxConcurrency(int newMaxConcurrency) {
        return new TaskDefinition(name, description, tags, enabled, returnType, invoker, retryOnCrash, timeout, retry, newMaxConcurrency);
    }

    /** At most this many jobs of the task run at once across the cluster; 0 for no limit. */
    public int maxConcurrency() {
        return maxConcurrency;
    }

    /** How a failed job of this task runs again. */
    public RetryPolicy retry() {
        return retry;
    }

    public boolean retryOnCrash() {
        return retryOnCrash;
    }

    /** The task's own timeout, if it has one. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** The tags, sorted. */
    public Set<String> tags() {
        return tags;
    }

    /** Whether the definition itself is enabled; configuration can still disable it (see {@link TaskRegistry}). */
    public boolean enabled() {
        return enabled;
    }

    /** Where the task comes from, for messages: the bean and method, or the lambda. */
    public String source() {
        return invoker.source();
    }

    /** The parameters a client sets, in declaration order; injected ones are not among them. */
    public List<TaskParameter> parameters() {
        return invoker.parameters();
    }

    public Type returnType() {
        return returnType;
    }

    TaskInvoker invoker() {
        return invoker;
    }

    /** Runs the task with arguments from {@link ParamBinder}; a returned {@code CompletionStage} is awaited. */
    @Nullable Object invoke(@Nullable Object[] arguments, TaskContext context) throws Exception {
        return invoker.invoke(arguments, context);
    }

    @Override
    public String toString() {
        return "TaskDefinition[" + name + " from " + source() + "]";
    }
}
