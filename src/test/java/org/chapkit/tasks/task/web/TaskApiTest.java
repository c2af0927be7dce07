package org.chapkit.tasks.task.web;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.chapkit.tasks.config.ChapkitProperties;
import org.chapkit.tasks.task.BoundCall;
import org.chapkit.tasks.task.JobSubmitter;
import org.chapkit.tasks.task.Task;
import org.chapkit.tasks.task.TaskConfiguration;
import org.chapkit.tasks.task.TaskContext;
import org.chapkit.tasks.task.TaskListing;
import org.chapkit.tasks.task.TaskParam;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.chapkit.tasks.config.ChapkitTasksAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The task routes over HTTP, as the contract's Conventions and Tasks sections describe them. */
@WebMvcTest(TaskController.class)
@ImportAutoConfiguration(ChapkitTasksAutoConfiguration.class) // the library's web parts, as the slice admits them
@Import({TaskConfiguration.class, TaskListing.class, TaskApiTest.Fixtures.class})
@TestPropertySource(properties = {"chapkit.tasks.disabled=switched_off", "chapkit.web.max-body-size=2KB"})
class TaskApiTest {

    private static final String ULID = "^[0-9A-HJKMNP-TV-Z]{26}$";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvcTester mvc;

    @Autowired
    MockMvc mockMvc; // plain: does not follow an async start with the async dispatch, as MockMvcTester does

    @Autowired
    RecordingSubmitter submitter;

    @BeforeEach
    void reset() {
        submitter.calls.clear();
    }

    @Test
    void listsTasksSortedByName() {
        assertThat(mvc.get().uri("/api/v1/tasks")).hasStatusOk()
                .bodyJson().extractingPath("$[*].name").asArray()
                .containsExactly("add", "greet", "switched_off", "tagged_ab");
    }

    @Test
    void filtersByAllTagsGivenCommaSeparatedOrRepeated() {
        assertThat(mvc.get().uri("/api/v1/tasks?tags=a,b")).bodyJson().extractingPath("$[*].name").asArray()
                .containsExactly("tagged_ab");
        assertThat(mvc.get().uri("/api/v1/tasks?tags=a&tags=b")).bodyJson().extractingPath("$[*].name").asArray()
                .containsExactly("tagged_ab");
        assertThat(mvc.get().uri("/api/v1/tasks?tags=a,nope")).bodyJson().extractingPath("$").asArray().isEmpty();
        assertThat(mvc.get().uri("/api/v1/tasks?tags=")).bodyJson().extractingPath("$").asArray().hasSize(4);
    }

    @Test
    void describesATaskWithoutItsInjectedContext() {
        MvcTestResult result = mvc.get().uri("/api/v1/tasks/greet").exchange();
        assertThat(result).hasStatusOk().bodyJson().extractingPath("$.parameters[*].name").asArray()
                .containsExactly("name", "greeting");
        assertThat(result).bodyJson().extractingPath("$.params_schema.required").asArray().containsExactly("name");
        assertThat(result).bodyJson().extractingPath("$.parameters[1].default").isEqualTo("Hello");
        assertThat(result).bodyJson().extractingPath("$.returns.properties.message.type").isEqualTo("string");
    }

    @Test
    void unknownTaskIsAProblem() {
        assertProblem(mvc.get().uri("/api/v1/tasks/nope").exchange(), 404, "task-not-found");
        assertProblem(post("/api/v1/tasks/nope/$execute", "{}"), 404, "task-not-found");
        assertThat(submitter.calls).isEmpty();
    }

    @Test
    void executeAcceptsAJobAndHandsOnTheEffectiveParams() {
        MvcTestResult result = post("/api/v1/tasks/greet/$execute", "{\"params\": {\"name\": \"Ada\"}}");
        assertThat(result).hasStatus(202).bodyJson().extractingPath("$.job_id").asString().matches(ULID);
        assertThat(result).bodyJson().extractingPath("$.artifact_id").asString().matches(ULID);
        assertThat(result).bodyJson().extractingPath("$.status").isEqualTo("pending");
        assertThat(result).bodyJson().extractingPath("$.task_name").isEqualTo("greet");
        String jobId = submitter.calls.get(0).jobId;
        assertThat(result).headers().hasValue(HttpHeaders.LOCATION, "/api/v1/jobs/" + jobId);
        assertThat(submitter.calls.get(0).call.params().toString()).isEqualTo("{\"name\":\"Ada\",\"greeting\":\"Hello\"}");
    }

    @Test
    void aPlainExecuteIsAnsweredWithoutAnAsyncDispatch() throws Exception {
        // only Prefer: wait needs a future; any future, even a completed one, passes the request through the
        // filters and the dispatcher a second time (19% of a submit's CPU in the bench's profile)
        MvcResult result = mockMvc.perform(MockMvcRequestBuilders.post("/api/v1/tasks/greet/$execute")
                .contentType(MediaType.APPLICATION_JSON).content("{\"params\": {\"name\": \"Ada\"}}")).andReturn();
        assertThat(result.getRequest().isAsyncStarted()).isFalse();
        assertThat(result.getResponse().getStatus()).isEqualTo(202);
    }

    @Test
    void anAbsentOrNullBodyMeansNoParams() {
        assertThat(mvc.post().uri("/api/v1/tasks/add/$execute").exchange()).hasStatus(202);
        assertThat(post("/api/v1/tasks/add/$execute", "null")).hasStatus(202);
        assertThat(post("/api/v1/tasks/add/$execute", "{\"params\": null}")).hasStatus(202);
        assertThat(submitter.calls).hasSize(3);
    }

    @Test
    void everyOffendingParameterIsListedInOne422AndNoJobIsCreated() {
        MvcTestResult result = post("/api/v1/tasks/greet/$execute",
                "{\"params\": {\"name\": \" \", \"greeting\": 5, \"colour\": \"red\"}}");
        assertProblem(result, 422, "invalid-params");
        assertThat(result).bodyJson().extractingPath("$.errors[*].param").asArray()
                .containsExactly("name", "greeting", "colour");
        assertThat(result).bodyJson().extractingPath("$.errors[0].message").isEqualTo("must not be blank");
        assertThat(result).bodyJson().extractingPath("$.errors[1].message").isEqualTo("must be a string");
        assertThat(submitter.calls).isEmpty();
    }

    @Test
    void aMissingRequiredParameterAndABrokenConstraint() {
        MvcTestResult result = post("/api/v1/tasks/add/$execute", "{\"params\": {\"a\": 0, \"b\": \"1\"}}");
        assertProblem(result, 422, "invalid-params");
        assertThat(result).bodyJson().extractingPath("$.errors").isEqualTo(List.of(
                java.util.Map.of("param", "a", "message", "must be greater than or equal to 1"),
                java.util.Map.of("param", "b", "message", "must be an integer")));
        assertProblem(post("/api/v1/tasks/greet/$execute", "{}"), 422, "invalid-params");
    }

    @Test
    void disabledTaskIsAConflict() {
        assertProblem(post("/api/v1/tasks/switched_off/$execute", "{}"), 409, "task-disabled");
        assertThat(mvc.get().uri("/api/v1/tasks/switched_off")).bodyJson().extractingPath("$.enabled").isEqualTo(false);
        assertThat(submitter.calls).isEmpty();
    }

    @Test
    void malformedBodiesAre400() {
        assertProblem(post("/api/v1/tasks/greet/$execute", "{\"params\": "), 400, "malformed-body");
        assertProblem(post("/api/v1/tasks/greet/$execute", "[1]"), 400, "malformed-body");
        assertProblem(post("/api/v1/tasks/greet/$execute", "{\"parms\": {}}"), 400, "malformed-body");
        assertProblem(post("/api/v1/tasks/greet/$execute", "{\"params\": 5}"), 400, "malformed-body");
        assertProblem(post("/api/v1/tasks/greet/$execute", "{\"params\": {\"name\": \"a\", \"name\": \"b\"}}"), 400, "malformed-body");
        assertThat(submitter.calls).isEmpty();
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String big = "{\"params\": {\"name\": \"" + "x".repeat(3000) + "\"}}";
        assertProblem(post("/api/v1/tasks/greet/$execute", big), 413, "payload-too-large");
        assertThat(submitter.calls).isEmpty();
    }

    @Test
    void validateAnswersTheParamsAJobWouldStoreAndCreatesNoJob() {
        MvcTestResult result = post("/api/v1/tasks/greet/$validate", "{\"params\": {\"name\": \"Ada\"}}");
        assertThat(result).hasStatusOk().hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
        assertThat(result).bodyJson().isStrictlyEqualTo("""
                {"valid": true, "params": {"name": "Ada", "greeting": "Hello"}}""");
        assertThat(mvc.post().uri("/api/v1/tasks/add/$validate").exchange()).hasStatusOk()
                .bodyJson().extractingPath("$.params").isEqualTo(java.util.Map.of("a", 1, "b", 2));
        assertThat(submitter.calls).isEmpty();

        post("/api/v1/tasks/greet/$execute", "{\"params\": {\"name\": \"Ada\"}}");
        assertThat(submitter.calls.get(0).call.params().toString()).isEqualTo("{\"name\":\"Ada\",\"greeting\":\"Hello\"}");
    }

    @Test
    void validateRefusesWithTheSameProblemsAsExecute() throws Exception {
        String[][] requests = {
                {"nope", "{}"},
                {"switched_off", "{}"},
                {"greet", "{\"params\": "},
                {"greet", "[1]"},
                {"greet", "{\"params\": 5}"},
                {"greet", "{\"params\": {\"name\": \" \", \"greeting\": 5, \"colour\": \"red\"}}"},
                {"add", "{\"params\": {\"a\": 0, \"b\": \"1\"}}"},
                {"greet", "{\"params\": {\"name\": \"" + "x".repeat(3000) + "\"}}"},
        };
        for (String[] request : requests) {
            MvcTestResult execute = post("/api/v1/tasks/" + request[0] + "/$execute", request[1]);
            MvcTestResult validate = post("/api/v1/tasks/" + request[0] + "/$validate", request[1]);
            assertThat(validate.getResponse().getStatus()).as(request[1]).isEqualTo(execute.getResponse().getStatus()).isBetween(400, 499);
            assertProblem(validate, execute.getResponse().getStatus(), slugOf(execute));
            assertThat(withoutInstance(validate)).as(request[1]).isEqualTo(withoutInstance(execute));
            assertThat(validate).bodyJson().extractingPath("$.instance").isEqualTo("/api/v1/tasks/" + request[0] + "/$validate");
        }
        assertThat(submitter.calls).isEmpty();
    }

    private static String slugOf(MvcTestResult problem) throws Exception {
        return JSON.readTree(problem.getResponse().getContentAsString()).get("type").asString().replace("urn:chapkit:error:", "");
    }

    private static JsonNode withoutInstance(MvcTestResult problem) throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(problem.getResponse().getContentAsString());
        body.remove("instance");
        return body;
    }

    @Test
    void removedCrudRoutesAre405WithAllow() {
        MvcTestResult create = mvc.post().uri("/api/v1/tasks").contentType(MediaType.APPLICATION_JSON).content("{}").exchange();
        assertProblem(create, 405, "method-not-allowed");
        assertThat(create).headers().hasValue(HttpHeaders.ALLOW, "GET");
        assertThat(mvc.put().uri("/api/v1/tasks/greet")).hasStatus(405).headers().hasValue(HttpHeaders.ALLOW, "GET");
        assertThat(mvc.delete().uri("/api/v1/tasks/greet")).hasStatus(405).headers().hasValue(HttpHeaders.ALLOW, "GET");
    }

    @Test
    void wrongMediaTypesAreProblems() {
        assertProblem(mvc.post().uri("/api/v1/tasks/greet/$execute").contentType(MediaType.TEXT_PLAIN).content("x").exchange(),
                415, "unsupported-media-type");
        assertProblem(mvc.get().uri("/api/v1/tasks").accept(MediaType.APPLICATION_XML).exchange(), 406, "not-acceptable");
    }

    @Test
    void unmappedPathIsAProblem() {
        assertProblem(mvc.get().uri("/api/v1/nothing/here").exchange(), 404, "not-found");
    }

    private MvcTestResult post(String uri, String body) {
        return mvc.post().uri(uri).contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }

    private static void assertProblem(MvcTestResult result, int status, String slug) {
        assertThat(result).hasStatus(status).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.type").isEqualTo("urn:chapkit:error:" + slug);
        assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(status);
        assertThat(result).bodyJson().extractingPath("$.title").asString().isNotBlank();
        assertThat(result).bodyJson().extractingPath("$.detail").asString().isNotBlank();
        assertThat(result).bodyJson().extractingPath("$.instance").asString().startsWith("/api/v1/");
    }

    static final class RecordingSubmitter implements JobSubmitter {

        final List<Submission> calls = new CopyOnWriteArrayList<>();

        @Override
        public java.util.concurrent.CompletableFuture<java.util.Optional<Object>> whenFinished(String jobId, java.time.Duration max) {
            return java.util.concurrent.CompletableFuture.completedFuture(java.util.Optional.empty());
        }

        @Override
        public SubmittedJob submit(BoundCall call, @org.jspecify.annotations.Nullable String idempotencyKey,
                                   java.time.@org.jspecify.annotations.Nullable Instant runAt) {
            String id = com.github.f4b6a3.ulid.UlidCreator.getMonotonicUlid().toString();
            calls.add(new Submission(id, call));
            return new SubmittedJob(id, com.github.f4b6a3.ulid.UlidCreator.getMonotonicUlid().toString());
        }

        record Submission(String jobId, BoundCall call) {
        }
    }

    static class TestTasks {

        @Task(name = "greet", description = "Greets")
        Greeting greet(@NotBlank String name, @TaskParam(defaultValue = "Hello") String greeting, TaskContext context) {
            return new Greeting(greeting + ", " + name);
        }

        @Task(name = "add")
        int add(@TaskParam(defaultValue = "1") @Min(1) int a, @TaskParam(defaultValue = "2") int b) {
            return a + b;
        }

        @Task(name = "tagged_ab", tags = {"a", "b"})
        void tagged() {
        }

        @Task(name = "switched_off", tags = "a")
        void switchedOff() {
        }

        record Greeting(String message) {
        }
    }

    @TestConfiguration
    @EnableConfigurationProperties(ChapkitProperties.class)
    static class Fixtures {

        @Bean
        RecordingSubmitter recordingSubmitter() {
            return new RecordingSubmitter();
        }

        @Bean
        TestTasks testTasks() {
            return new TestTasks();
        }
    }
}
