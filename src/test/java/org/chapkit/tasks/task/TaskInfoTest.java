package org.chapkit.tasks.task;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chapkit.tasks.task.TaskTestSupport.params;
import static org.chapkit.tasks.task.TaskTestSupport.registry;

/** What a client learns from a task's info: enough to call it without reading its code. */
class TaskInfoTest {

    private static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";

    enum Mode { FAST, SAFE }

    record Address(@NotBlank String street, @Pattern(regexp = "\\d{5}") String zipCode) {
    }

    record Report(String sourceName, int rowCount) {
    }

    static class DataTasks {
        @Task(name = "process_data", tags = {"etl", "data"}, description = "Loads and transforms a source.")
        Report processData(@TaskParam(description = "Where to read from") @NotBlank String source,
                           TaskContext context,
                           @TaskParam(defaultValue = "100") @Min(1) @Max(1000) int batchSize,
                           @TaskParam(defaultValue = "fast lane") String label,
                           @TaskParam(defaultValue = "[1,2]") @Size(min = 1, max = 3) List<Integer> ids,
                           @Email String notify,
                           @Positive double ratio,
                           Mode mode,
                           @Valid Address address) {
            return new Report(source, 0);
        }

        @Task(name = "fire_and_forget")
        void fireAndForget() {
        }

        @Task(name = "later")
        CompletionStage<Report> later() {
            return null;
        }

        @Task(name = "blob")
        byte[] blob() {
            return new byte[0];
        }

        @Task(name = "flexible")
        void flexible(Optional<String> nickname, Map<String, Integer> counts) {
        }
    }

    private final TaskRegistry registry = registry();

    {
        registry.registerAnnotated(new DataTasks());
    }

    @Test
    void showsNameDescriptionSortedTagsAndEnabled() {
        TaskInfo info = info("process_data");
        assertThat(info.name()).isEqualTo("process_data");
        assertThat(info.description()).isEqualTo("Loads and transforms a source.");
        assertThat(info.tags()).containsExactly("data", "etl");
        assertThat(info.enabled()).isTrue();
    }

    @Test
    void listsTheParametersInDeclarationOrderWithoutTheContext() {
        assertThat(info("process_data").parameters()).extracting(TaskInfo.ParameterInfo::name)
                .containsExactly("source", "batch_size", "label", "ids", "notify", "ratio", "mode", "address");
        assertThat(info("process_data").paramsSchema().get("properties").propertyNames()).doesNotContain("context");
    }

    @Test
    void describesARequiredParameter() {
        TaskInfo.ParameterInfo source = parameter("process_data", "source");
        assertThat(source.type()).isEqualTo("string");
        assertThat(source.required()).isTrue();
        assertThat(source.defaultValue()).isNull();
        assertThat(source.description()).isEqualTo("Where to read from");
        assertThat(source.schema().get("description").asString()).isEqualTo("Where to read from");
    }

    @Test
    void describesParametersWithDefaultsAsOptionalWithTheDefaultAsJson() {
        assertParameter("batch_size", "integer", "100");
        assertParameter("label", "string", "'fast lane'");
        assertParameter("ids", "array", "[1, 2]");
    }

    private void assertParameter(String name, String type, String defaultJson) {
        TaskInfo.ParameterInfo parameter = parameter("process_data", name);
        JsonNode expected = params("{'v': " + defaultJson + "}").get("v");
        assertThat(parameter.type()).isEqualTo(type);
        assertThat(parameter.required()).isFalse();
        assertThat(parameter.defaultValue()).isEqualTo(expected);
        assertThat(parameter.description()).isEmpty();
        assertThat(parameter.schema().get("default")).isEqualTo(expected);
    }

    @Test
    void theParamsSchemaIsAClosedObjectOfEveryParameter() {
        ObjectNode schema = info("process_data").paramsSchema();
        assertThat(schema.get("$schema").asString()).isEqualTo(DIALECT);
        assertThat(schema.get("type").asString()).isEqualTo("object");
        assertThat(schema.get("properties").propertyNames())
                .containsExactly("source", "batch_size", "label", "ids", "notify", "ratio", "mode", "address");
        assertThat(schema.get("required")).isEqualTo(params("{'r': ['source', 'notify', 'ratio', 'mode', 'address']}").get("r"));
        assertThat(schema.get("additionalProperties").asBoolean(true)).isFalse();
        for (TaskInfo.ParameterInfo parameter : info("process_data").parameters()) {
            assertThat(schema.get("properties").get(parameter.name())).as(parameter.name()).isEqualTo(parameter.schema());
        }
    }

    @Test
    void aTaskWithoutParametersTakesAnEmptyObject() {
        assertThat(info("fire_and_forget").paramsSchema()).isEqualTo(params(
                "{'$schema': '" + DIALECT + "', 'type': 'object', 'properties': {}, 'required': [], 'additionalProperties': false}"));
    }

    @Test
    void writesConstraintsIntoTheParameterSchemas() {
        assertThat(schema("source")).isEqualTo(params(
                "{'type': 'string', 'minLength': 1, 'pattern': '\\\\S', 'description': 'Where to read from'}"));
        assertThat(schema("batch_size")).isEqualTo(params(
                "{'type': 'integer', 'minimum': 1, 'maximum': 1000, 'default': 100}"));
        assertThat(schema("ids")).isEqualTo(params(
                "{'type': 'array', 'items': {'type': 'integer'}, 'minItems': 1, 'maxItems': 3, 'default': [1, 2]}"));
        assertThat(schema("notify")).isEqualTo(params("{'type': 'string', 'format': 'email'}"));
        assertThat(schema("ratio")).isEqualTo(params("{'type': 'number', 'exclusiveMinimum': 0}"));
        assertThat(schema("mode")).isEqualTo(params("{'type': 'string', 'enum': ['FAST', 'SAFE']}"));
    }

    @Test
    void aRecordParameterIsAClosedObjectWithSnakeCaseFieldsAndTheirConstraints() {
        JsonNode address = schema("address");
        assertThat(parameter("process_data", "address").type()).isEqualTo("object");
        assertThat(address.get("additionalProperties").asBoolean(true)).isFalse();
        assertThat(address.get("properties").propertyNames()).containsExactlyInAnyOrder("street", "zip_code");
        assertThat(address.get("properties").get("street").get("minLength").asInt()).isEqualTo(1);
        assertThat(address.path("properties").path("zip_code").path("pattern").asString("")).isEqualTo("\\d{5}");
    }

    @Test
    void anOptionalParameterIsDescribedByItsValueTypeOrNull() {
        // The binder takes an absent value, or an explicit null, as Optional.empty(): the schema admits both.
        TaskInfo.ParameterInfo nickname = parameter("flexible", "nickname");
        assertThat(nickname.required()).isFalse();
        assertThat(nickname.type()).isEqualTo("string|null");
        assertThat(nickname.schema().get("type").toString()).isEqualTo("[\"string\",\"null\"]");
    }

    @Test
    void aMapParameterAcceptsAnyKeyWithValuesOfItsValueType() {
        ObjectNode counts = parameter("flexible", "counts").schema();
        assertThat(counts.get("type").asString()).isEqualTo("object");
        assertThat(counts.get("additionalProperties")).isEqualTo(params("{'type': 'integer'}"));
    }

    @Test
    void describesARecordResultWithSnakeCaseFields() {
        ObjectNode returns = info("process_data").returns();
        assertThat(returns.get("$schema").asString()).isEqualTo(DIALECT);
        assertThat(returns.get("type").asString()).isEqualTo("object");
        assertThat(returns.get("properties").propertyNames()).containsExactlyInAnyOrder("source_name", "row_count");
    }

    @Test
    void describesNoResultAsNull() {
        assertThat(info("fire_and_forget").returns()).isEqualTo(params("{'$schema': '" + DIALECT + "', 'type': 'null'}"));
    }

    @Test
    void describesTheResultOfACompletionStageByWhatItCompletesWith() {
        assertThat(info("later").returns()).isEqualTo(info("process_data").returns());
    }

    @Test
    void describesBytesAsArtifactContent() {
        ObjectNode returns = info("blob").returns();
        assertThat(returns.get("type").asString()).isEqualTo("string");
        assertThat(returns.get("contentMediaType").asString()).isEqualTo("application/octet-stream");
    }

    @Test
    void aLambdaIsDescribedFromItsParamsRecordAndDeclaredResult() {
        record SumParams(@TaskParam(description = "first") @Min(0) int firstValue, @TaskParam(defaultValue = "0") int b) {
        }
        TaskInfo info = registry.register(TaskDefinition.of("sum", SumParams.class, (p, ctx) -> p.firstValue() + p.b())
                .withDescription("Adds.").withTags("math").withReturns(Integer.class));

        assertThat(info.description()).isEqualTo("Adds.");
        assertThat(info.tags()).containsExactly("math");
        assertThat(info.parameters()).extracting(TaskInfo.ParameterInfo::name).containsExactly("first_value", "b");
        assertThat(TaskTestSupport.asRead(info.parameters().get(0).schema())).isEqualTo(params("{'type': 'integer', 'minimum': 0, 'description': 'first'}"));
        assertThat(info.parameters().get(1).required()).isFalse();
        assertThat(info.returns().get("type").asString()).isEqualTo("integer");
    }

    private TaskInfo info(String name) {
        return registry.info(name).orElseThrow();
    }

    private TaskInfo.ParameterInfo parameter(String task, String name) {
        return info(task).parameters().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    /** A parameter's schema as a client reads it. */
    private JsonNode schema(String parameter) {
        return TaskTestSupport.asRead(parameter("process_data", parameter).schema());
    }
}
