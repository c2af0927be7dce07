package org.chapkit.tasks.task;

import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Validation;
import org.assertj.core.api.ListAssert;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Builds registries, params and contexts for the task tests, and asserts on refused params. */
final class TaskTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TaskTestSupport() {
    }

    static ParamBinder binder() {
        return new ParamBinder(JsonMapper.builder().build(),
                Validation.buildDefaultValidatorFactory().getValidator());
    }

    /** A registry in which the named tasks are disabled by configuration. */
    static TaskRegistry registry(String... disabled) {
        return new TaskRegistry(binder(), List.of(disabled));
    }

    /** Parses a JSON object; single quotes may stand for double quotes to keep tests readable. */
    static ObjectNode params(String json) {
        return (ObjectNode) JSON.readTree(json.replace('\'', '"'));
    }

    /** The node as a client reads it: written and parsed again, so that a long 1 equals an int 1. */
    static JsonNode asRead(JsonNode node) {
        return JSON.readTree(JSON.writeValueAsString(node));
    }

    /** A task without parameters, registered as a lambda. */
    static TaskDefinition noParams(String name) {
        return TaskDefinition.of(name, NoParams.class, (p, ctx) -> name);
    }

    record NoParams() {
    }

    /** A lambda task named after its params record, returning the record it receives. */
    static <P extends Record> TaskDefinition lambda(Class<P> paramsType) {
        return TaskDefinition.of(paramsType.getSimpleName().toLowerCase(java.util.Locale.ROOT), paramsType, (p, ctx) -> p);
    }

    /** Binds and runs the only task of {@code bean}, returning what it returned. */
    static @Nullable Object run(Object bean, String json) throws Exception {
        TaskRegistry registry = registry();
        TaskInfo info = registry.registerAnnotated(bean).get(0);
        return binder().bind(registry.require(info.name()), params(json)).call(new StubContext(info.name()));
    }

    /** The errors of binding {@code json} to the only task of {@code bean}; fails when the params are accepted. */
    static ListAssert<ParamError> assertRefused(Object bean, String json) {
        TaskRegistry registry = registry();
        TaskDefinition task = registry.require(registry.registerAnnotated(bean).get(0).name());
        return assertRefused(task, json);
    }

    static ListAssert<ParamError> assertRefused(TaskDefinition task, String json) {
        BoundCall accepted;
        try {
            accepted = binder().bind(task, params(json));
        } catch (InvalidParamsException refused) {
            assertThat(refused.taskName()).isEqualTo(task.name());
            return assertThat(new ArrayList<>(refused.errors()));
        }
        throw new AssertionError("params " + json + " for task '" + task.name() + "' were accepted as "
                + accepted.params() + "; the task returns " + resultOf(accepted));
    }

    private static String resultOf(BoundCall call) {
        try {
            return String.valueOf(call.call(new StubContext(call.task().name())));
        } catch (Exception e) {
            return "(it threw " + e + ")";
        }
    }

    static ParamError error(String param, String message) {
        return new ParamError(param, message);
    }

    /** A context for a job that is never canceled; it records progress reports. */
    static final class StubContext implements TaskContext {

        private final String taskName;
        final List<Double> progress = new ArrayList<>();

        StubContext(String taskName) {
            this.taskName = taskName;
        }

        @Override
        public String jobId() {
            return "01JTESTJOB0000000000000000";
        }

        @Override
        public String taskName() {
            return taskName;
        }

        @Override
        public void progress(double fraction, @Nullable String message) {
            progress.add(fraction);
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public Logger logger() {
            return LoggerFactory.getLogger(taskName);
        }

        @Override
        public String saveArtifact(Object data) {
            throw new UnsupportedOperationException("no artifact store in binder tests");
        }

        @Override
        public String saveArtifact(byte[] content, String contentType) {
            throw new UnsupportedOperationException("no artifact store in binder tests");
        }
    }
}
