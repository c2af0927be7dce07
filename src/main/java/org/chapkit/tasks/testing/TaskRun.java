package org.chapkit.tasks.testing;

import java.util.List;
import java.util.Objects;

import org.chapkit.tasks.task.ParamError;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * How one {@link TaskTester} run ended, with what the service would have stored: the params with their defaults,
 * the result as JSON, or the error and its {@code error_type}; or, when the params were refused, the errors a 422
 * lists, and no run at all.
 */
public final class TaskRun {

    /** How a run ended; {@link #REFUSED} is the 422: the task never ran. */
    public enum Outcome { COMPLETED, FAILED, CANCELED, REFUSED }

    private final JsonMapper json;
    private final Outcome outcome;
    private final TestTaskContext context;
    private final @Nullable ObjectNode params;
    private final @Nullable Object value;
    private final @Nullable JsonNode result;
    private final @Nullable Throwable error;
    private final List<ParamError> errors;

    private TaskRun(JsonMapper json, Outcome outcome, TestTaskContext context, @Nullable ObjectNode params, @Nullable Object value,
                    @Nullable JsonNode result, @Nullable Throwable error, List<ParamError> errors) {
        this.json = json;
        this.outcome = outcome;
        this.context = context;
        this.params = params;
        this.value = value;
        this.result = result;
        this.error = error;
        this.errors = List.copyOf(errors);
    }

    static TaskRun completed(JsonMapper json, TestTaskContext context, ObjectNode params, @Nullable Object value, @Nullable JsonNode result) {
        return new TaskRun(json, Outcome.COMPLETED, context, params, value, result, null, List.of());
    }

    static TaskRun failed(JsonMapper json, TestTaskContext context, ObjectNode params, Throwable error) {
        return new TaskRun(json, Outcome.FAILED, context, params, null, null, error, List.of());
    }

    static TaskRun canceled(JsonMapper json, TestTaskContext context, ObjectNode params) {
        return new TaskRun(json, Outcome.CANCELED, context, params, null, null, null, List.of());
    }

    static TaskRun refused(JsonMapper json, TestTaskContext context, List<ParamError> errors) {
        return new TaskRun(json, Outcome.REFUSED, context, null, null, null, null, errors);
    }

    public Outcome outcome() {
        return outcome;
    }

    public boolean completed() {
        return outcome == Outcome.COMPLETED;
    }

    public boolean failed() {
        return outcome == Outcome.FAILED;
    }

    public boolean canceled() {
        return outcome == Outcome.CANCELED;
    }

    public boolean refused() {
        return outcome == Outcome.REFUSED;
    }

    /** The refused parameters, as the 422's {@code errors} lists them; empty unless {@link #refused()}. */
    public List<ParamError> errors() {
        return errors;
    }

    /** The params as the job would store them, every default filled in; {@code null} when {@link #refused()}. */
    public @Nullable ObjectNode params() {
        return params == null ? null : params.deepCopy();
    }

    /** What the task method returned, as a Java object; {@code null} unless {@link #completed()} (or it returned null). */
    public @Nullable Object value() {
        return value;
    }

    /**
     * The result as the service stores it in the job's artifact and {@code Prefer: wait} answers it: the returned
     * value written as JSON with the service's rules (snake_case names, nulls written).
     *
     * @throws IllegalStateException when the run did not complete, with what happened instead
     */
    public JsonNode result() {
        if (outcome != Outcome.COMPLETED) {
            throw new IllegalStateException("the run did not complete: " + this);
        }
        return result == null ? json.nullNode() : result;
    }

    /** The result read back into {@code type}, as a client of the API would read it. */
    public <T> T resultAs(Class<T> type) {
        return json.treeToValue(result(), type);
    }

    /** What the task threw; {@code null} unless {@link #failed()}. */
    public @Nullable Throwable error() {
        return error;
    }

    /** The job's {@code error_type}: the simple class name of what the task threw; {@code null} unless {@link #failed()}. */
    public @Nullable String errorType() {
        return error == null ? null : error.getClass().getSimpleName();
    }

    /** The context the task ran with: its progress reports, saved artifacts and whether it was canceled. */
    public TestTaskContext context() {
        return context;
    }

    @Override
    public String toString() {
        return switch (outcome) {
            case COMPLETED -> "completed with " + result;
            case FAILED -> "failed: " + Objects.requireNonNull(error);
            case CANCELED -> "canceled";
            case REFUSED -> "refused: " + errors;
        };
    }
}
