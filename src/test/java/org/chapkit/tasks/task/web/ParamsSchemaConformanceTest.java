package org.chapkit.tasks.task.web;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import org.chapkit.tasks.config.ChapkitProperties;
import org.chapkit.tasks.task.Task;
import org.chapkit.tasks.task.TaskConfiguration;
import org.chapkit.tasks.task.TaskListing;
import org.chapkit.tasks.task.TaskParam;
import org.chapkit.tasks.task.web.TaskApiTest.RecordingSubmitter;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.chapkit.tasks.config.ChapkitTasksAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A task's {@code params_schema} says exactly what {@code $execute} accepts. For every example task and for a
 * task that takes every java.time type, params are made from the schema alone (as a client's generator or form
 * would make them): those it admits must be accepted (202), and those that break one of its rules (a wrong
 * type, a number out of range, a string off its pattern or enum, a required parameter left out, an unknown
 * one) must be refused with 422 naming that parameter. The samples come from a seeded random generator; set
 * {@code -Dchapkit.schema-samples.seed=N} to explore other seeds (a failure names its seed).
 */
@WebMvcTest(TaskController.class)
@ImportAutoConfiguration(ChapkitTasksAutoConfiguration.class) // the library's web parts, as the slice admits them
@Import({TaskConfiguration.class, TaskListing.class, ParamsSchemaConformanceTest.Fixtures.class})
class ParamsSchemaConformanceTest {

    private static final long SEED = Long.getLong("chapkit.schema-samples.seed", 20261126L);
    private static final int VALID_SAMPLES = 60;
    private static final int INVALID_ROUNDS = 4;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    @Test
    void coversEveryExampleTaskAndEveryTimeType() throws Exception {
        assertThat(tasks()).extracting(task -> task.get("name").asString()).contains("greet_user", "process_data",
                "clean_data", "send_email", "simulate_work", "always_fail", "system_info", "every_time_type");
        assertThat(tasks()).allSatisfy(task -> assertThat(task.get("enabled").asBoolean()).isTrue());
    }

    @TestFactory
    Stream<DynamicTest> paramsTheSchemaAdmitsAreAccepted() throws Exception {
        return tasks().stream().map(task -> DynamicTest.dynamicTest(task.get("name").asString(), () -> {
            JsonNode schema = task.get("params_schema");
            SchemaSamples samples = new SchemaSamples(schema, new Random(SEED ^ task.get("name").asString().hashCode()));
            for (int i = 0; i < VALID_SAMPLES; i++) {
                ObjectNode params = samples.validObject(schema);
                MockHttpServletResponse response = execute(task, params);
                assertThat(response.getStatus()).as(failure(task, params, "admitted by the schema", response)).isEqualTo(202);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> paramsThatBreakTheSchemaAreRefusedNamingTheParameter() throws Exception {
        return tasks().stream().map(task -> DynamicTest.dynamicTest(task.get("name").asString(), () -> {
            JsonNode schema = task.get("params_schema");
            SchemaSamples samples = new SchemaSamples(schema, new Random(SEED ^ ~task.get("name").asString().hashCode()));
            for (int round = 0; round < INVALID_ROUNDS; round++) {
                for (String name : schema.get("properties").propertyNames()) {
                    List<SchemaSamples.Invalid> invalid = new ArrayList<>(samples.invalid(schema.get("properties").get(name)));
                    if (samples.isRequired(schema, name)) {
                        invalid.add(new SchemaSamples.Invalid("is required but left out", null));
                    }
                    for (SchemaSamples.Invalid broken : invalid) {
                        ObjectNode params = samples.validObject(schema);
                        params.remove(name);
                        if (broken.value() != null) {
                            params.set(name, broken.value());
                        }
                        assertRefused(task, params, name, broken.rule());
                    }
                }
                ObjectNode params = samples.validObject(schema);
                params.put("not_a_parameter", 1);
                assertRefused(task, params, "not_a_parameter", "is not in properties");
            }
        }));
    }

    private void assertRefused(JsonNode task, ObjectNode params, String name, String rule) throws Exception {
        MockHttpServletResponse response = execute(task, params);
        String why = failure(task, params, "'" + name + "' " + rule, response);
        assertThat(response.getStatus()).as(why).isEqualTo(422);
        JsonNode problem = JSON.readTree(response.getContentAsString());
        assertThat(problem.get("type").asString()).as(why).isEqualTo("urn:chapkit:error:invalid-params");
        assertThat(problem.get("errors").valueStream().map(error -> error.get("param").asString()))
                .as(why).anyMatch(param -> param.equals(name) || param.startsWith(name + "[") || param.startsWith(name + "."));
    }

    private MockHttpServletResponse execute(JsonNode task, ObjectNode params) throws Exception {
        ObjectNode body = JSON.createObjectNode().set("params", params);
        return mvc.perform(MockMvcRequestBuilders.post("/api/v1/tasks/{name}/$execute", task.get("name").asString())
                .contentType(MediaType.APPLICATION_JSON).content(JSON.writeValueAsString(body))).andReturn().getResponse();
    }

    private static String failure(JsonNode task, ObjectNode params, String what, MockHttpServletResponse response) throws Exception {
        return "task " + task.get("name").asString() + ", params " + params + " (" + what + ", seed " + SEED + "): answered "
                + response.getStatus() + " " + response.getContentAsString();
    }

    private List<JsonNode> tasks() throws Exception {
        String listing = mvc.perform(MockMvcRequestBuilders.get("/api/v1/tasks")).andReturn().getResponse().getContentAsString();
        return JSON.readTree(listing).valueStream().toList();
    }

    /** A task that takes every java.time type a parameter may have, required, optional, nullable and in a list. */
    static class TimeTasks {

        @Task(name = "every_time_type")
        String run(LocalDate localDate, LocalDateTime localDateTime, LocalTime localTime, OffsetTime offsetTime,
                   OffsetDateTime offsetDateTime, ZonedDateTime zonedDateTime, Instant instant, Duration duration,
                   Period period, Year year, YearMonth yearMonth, MonthDay monthDay, DayOfWeek dayOfWeek, Month month,
                   ZoneId zoneId, ZoneOffset zoneOffset, @TaskParam(defaultValue = "PT30S") Duration timeout,
                   Optional<Year> since, @Nullable ZoneId zone, List<LocalDate> holidays) {
            return "ok";
        }
    }

    @TestConfiguration
    @EnableConfigurationProperties(ChapkitProperties.class)
    @ComponentScan("org.chapkit.tasks.example")
    static class Fixtures {

        @Bean
        RecordingSubmitter recordingSubmitter() {
            return new RecordingSubmitter();
        }

        @Bean
        TimeTasks timeTasks() {
            return new TimeTasks();
        }
    }
}
