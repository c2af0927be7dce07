package org.chapkit.tasks.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.chapkit.tasks.common.ServiceJson;
import org.chapkit.tasks.task.BoundCall;
import org.chapkit.tasks.task.InvalidParamsException;
import org.chapkit.tasks.task.ParamBinder;
import org.chapkit.tasks.task.TaskCancelledException;
import org.chapkit.tasks.task.TaskDefinition;
import org.chapkit.tasks.task.TaskInfo;
import org.chapkit.tasks.task.TaskRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs tasks the way the service runs them, in a plain unit test: the same registration checks, the same binding,
 * defaults and Bean Validation, the same 422 errors, the result as the same JSON; no Spring context, no HTTP server,
 * no database.
 *
 * <pre>{@code
 * TaskTester tester = TaskTester.of(new ReportTasks());
 *
 * TaskRun run = tester.run("monthly_report", """
 *         {"month": "2026-11", "region": {"code": "NO"}}""");
 * assertThat(run.completed()).isTrue();
 * assertThat(run.result().get("rows").asInt()).isEqualTo(3);
 *
 * assertThat(tester.run("monthly_report", "{\"month\": \"November\"}").errors())
 *         .extracting(ParamError::param).containsExactly("month", "region");
 * }</pre>
 *
 * A tester is safe to share between the tests of a class; each run has a context of its own ({@link TestTaskContext}).
 */
public final class TaskTester {

    private static final AtomicInteger RUNS = new AtomicInteger();

    private final JsonMapper json;
    private final TaskRegistry registry;
    private final ParamBinder binder;

    private TaskTester(Validator validator) {
        this.json = ServiceJson.over(JsonMapper.builder().build());
        this.binder = new ParamBinder(json, validator);
        this.registry = new TaskRegistry(binder, List.of());
    }

    /**
     * A tester with every {@code @Task} method of {@code beans}: the objects a task author's Spring configuration
     * would make, built by hand with whatever the tasks need (fakes, stubs).
     *
     * @throws IllegalArgumentException when a task could not be registered, with the message the service would stop with
     */
    public static TaskTester of(Object... beans) {
        ValidatorFactory validation = Validation.buildDefaultValidatorFactory();
        TaskTester tester = new TaskTester(validation.getValidator());
        for (Object bean : beans) {
            tester.registry.registerAnnotated(bean);
        }
        return tester;
    }

    /** Adds a task made with {@link TaskDefinition#of}. */
    public TaskTester register(TaskDefinition task) {
        registry.register(task);
        return this;
    }

    /** The registered tasks, sorted by name, as {@code GET /api/v1/tasks} lists them. */
    public List<TaskInfo> tasks() {
        return registry.list();
    }

    /** One task as {@code GET /api/v1/tasks/{name}} describes it, its {@code params_schema} included. */
    public TaskInfo task(String name) {
        registry.require(name);
        return registry.info(name).orElseThrow();
    }

    /**
     * What {@code $validate} answers: the params with every default filled in.
     *
     * @throws InvalidParamsException with every refused parameter, as the 422 lists them
     */
    public ObjectNode validate(String name, String paramsJson) {
        return binder.bind(registry.require(name), parse(paramsJson)).params();
    }

    /** Runs {@code name} with params given as JSON ({@code "{}"} or {@code ""} for none). */
    public TaskRun run(String name, String paramsJson) {
        return run(name, paramsJson, new TestTaskContext("test-" + RUNS.incrementAndGet(), name));
    }

    /** Runs {@code name} with params given as a map, written to JSON first as a client would send them. */
    public TaskRun run(String name, Map<String, ?> params) {
        return run(name, json.writeValueAsString(params));
    }

    /**
     * Runs {@code name} with a context of the caller's, for a test that cancels the run (from another thread, or
     * beforehand) or looks at the context afterwards.
     */
    public TaskRun run(String name, String paramsJson, TestTaskContext context) {
        TaskDefinition task = registry.require(name);
        BoundCall call;
        try {
            call = binder.bind(task, parse(paramsJson));
        } catch (InvalidParamsException refused) {
            return TaskRun.refused(json, context, refused.errors());
        }
        try {
            @Nullable Object value = call.call(context);
            return TaskRun.completed(json, context, call.params(), value, toJson(value));
        } catch (TaskCancelledException e) {
            return TaskRun.canceled(json, context, call.params());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return context.isCancelled() ? TaskRun.canceled(json, context, call.params()) : TaskRun.failed(json, context, call.params(), e);
        } catch (Exception e) {
            return context.isCancelled() ? TaskRun.canceled(json, context, call.params()) : TaskRun.failed(json, context, call.params(), e);
        }
    }

    private @Nullable JsonNode toJson(@Nullable Object value) {
        return value == null ? null : json.valueToTree(value);
    }

    private @Nullable ObjectNode parse(String paramsJson) {
        if (paramsJson == null || paramsJson.isBlank()) {
            return null;
        }
        JsonNode node;
        try {
            node = json.readTree(paramsJson);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("params are not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException("params must be a JSON object of parameter names to values, not " + node.getNodeType());
        }
        return object;
    }
}
