package org.chapkit.tasks.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document a client generator reads: operation ids, typed bodies, one problem schema, headers with schemas. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiDocsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SCHEMAS = "#/components/schemas/";

    @LocalServerPort
    int port;

    JsonNode doc;

    @BeforeEach
    void fetch() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v3/api-docs")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        doc = JSON.readTree(response.body());
    }

    @Test
    void everyOperationHasTheIdAGeneratedClientUses() {
        Map<String, String> ids = new TreeMap<>();
        doc.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation ->
                ids.put(operation.getKey().toUpperCase() + " " + path.getKey(), operation.getValue().path("operationId").asString())));
        assertThat(ids).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                entry("GET /api/v1/tasks", "listTasks"),
                entry("GET /api/v1/tasks/{name}", "getTask"),
                entry("POST /api/v1/tasks/{name}/$execute", "executeTask"),
                entry("POST /api/v1/tasks/{name}/$validate", "validateTask"),
                entry("GET /api/v1/jobs", "listJobs"),
                entry("GET /api/v1/jobs/{id}", "getJob"),
                entry("POST /api/v1/jobs/{id}/$cancel", "cancelJob"),
                entry("POST /api/v1/jobs/{id}/$rerun", "rerunJob"),
                entry("POST /api/v1/jobs/$cancel", "cancelJobs"),
                entry("DELETE /api/v1/jobs/{id}", "deleteJob"),
                entry("GET /api/v1/jobs/{id}/$stream", "streamJob"),
                entry("GET /api/v1/artifacts", "listArtifacts"),
                entry("GET /api/v1/artifacts/{id}", "getArtifact"),
                entry("GET /api/v1/artifacts/{id}/$download", "downloadArtifact"),
                entry("DELETE /api/v1/artifacts/{id}", "deleteArtifact")));
    }

    @Test
    void executeTaskAnswersWithSchemasAndDocumentsTheStoreBeingDown() {
        JsonNode responses = operation("/api/v1/tasks/{name}/$execute", "post").get("responses");
        assertThat(jsonSchemaRef(responses.get("202"))).isEqualTo(SCHEMAS + "ExecuteResponse");
        assertThat(jsonSchemaRef(responses.get("200"))).isEqualTo(SCHEMAS + "JobWithResult");
        assertThat(responses.at("/503/$ref").asString()).isEqualTo("#/components/responses/StoreUnavailable");
        assertThat(doc.at("/components/responses/StoreUnavailable/headers/Retry-After/$ref").asString())
                .isEqualTo("#/components/headers/Retry-After");
        assertThat(doc.at("/components/schemas/JobWithResult/allOf/0/$ref").asString()).isEqualTo(SCHEMAS + "Job");
        assertThat(jsonSchemaRef(operation("/api/v1/tasks/{name}/$validate", "post").at("/responses/200")))
                .isEqualTo(SCHEMAS + "ValidateResponse");
    }

    @Test
    void everyErrorResponseIsTheOneProblemSchema() {
        List<String> errors = new ArrayList<>();
        doc.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation ->
                operation.getValue().get("responses").properties().forEach(response -> {
                    if (response.getKey().matches("[45]\\d\\d")) {
                        JsonNode content = resolve(response.getValue()).get("content");
                        assertThat(content.propertyNames()).as(path.getKey() + " " + response.getKey()).containsExactly("application/problem+json");
                        assertThat(content.at("/application~1problem+json/schema/$ref").asString()).isEqualTo(SCHEMAS + "Problem");
                        errors.add(response.getKey());
                    }
                })));
        assertThat(errors).contains("400", "404", "409", "422", "429", "503");
        JsonNode problem = doc.at("/components/schemas/Problem");
        assertThat(problem.get("required").values()).extracting(JsonNode::asString)
                .containsExactlyInAnyOrder("type", "title", "status", "detail", "instance");
        assertThat(problem.at("/properties/errors/items/required").values()).extracting(JsonNode::asString)
                .containsExactlyInAnyOrder("param", "message");
        assertThat(doc.at("/components/schemas").propertyNames()).doesNotContain("ProblemDetail");
    }

    @Test
    void everyHeaderHasASchema() {
        List<String> headers = new ArrayList<>();
        doc.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            operation.getValue().path("parameters").values().forEach(parameter -> {
                if ("header".equals(parameter.path("in").asString())) {
                    assertThat(parameter.has("schema")).as(parameter.toString()).isTrue();
                    headers.add(parameter.get("name").asString());
                }
            });
            operation.getValue().get("responses").values().forEach(response ->
                    resolve(response).path("headers").properties().forEach(header -> {
                        assertThat(resolve(header.getValue()).has("schema")).as(path.getKey() + " " + header.getKey()).isTrue();
                        headers.add(header.getKey());
                    }));
        }));
        assertThat(headers).contains("Location", "Retry-After", "Preference-Applied", "Idempotency-Key", "Prefer");
    }

    @Test
    void recordsMarkEveryComponentRequiredAndTheNullableOnesNullable() {
        JsonNode job = doc.at("/components/schemas/Job");
        assertThat(job.get("required").values()).extracting(JsonNode::asString).containsExactlyInAnyOrder("id", "task_name",
                "params", "status", "submitted_at", "started_at", "finished_at", "progress", "error", "error_type",
                "error_traceback", "artifact_id", "attempt", "max_attempts", "next_attempt_at", "crash_restarts", "scheduled_for", "rerun_of");
        assertThat(job.at("/properties/id/type").asString()).isEqualTo("string");
        assertThat(job.at("/properties/rerun_of/type").values()).extracting(JsonNode::asString).containsExactlyInAnyOrder("string", "null");
        assertThat(job.at("/properties/scheduled_for/type").values()).extracting(JsonNode::asString).containsExactlyInAnyOrder("string", "null");
        assertThat(job.at("/properties/error/type").values()).extracting(JsonNode::asString).containsExactlyInAnyOrder("string", "null");
        assertThat(job.at("/properties/progress/anyOf").toString()).contains(SCHEMAS + "JobProgress", "\"null\"");
        assertThat(doc.at("/components/schemas/ExecuteResponse/required").values()).hasSize(5);
        assertThat(doc.at("/components/schemas/Artifact/properties/parent_id/type").values()).extracting(JsonNode::asString)
                .containsExactlyInAnyOrder("string", "null");
        assertThat(doc.at("/components/schemas/TaskInfo/required").values()).hasSize(10);
        assertThat(doc.at("/components/schemas/PageJob/required").values()).extracting(JsonNode::asString)
                .containsExactlyInAnyOrder("items", "total", "page", "size", "pages");
        assertThat(doc.at("/components/schemas/ExecuteRequest").has("required")).isFalse(); // the body and params may be left out
    }

    private JsonNode operation(String path, String method) {
        return doc.get("paths").get(path).get(method);
    }

    private static String jsonSchemaRef(JsonNode response) {
        return response.at("/content/application~1json/schema/$ref").asString();
    }

    /** The object a {@code $ref} names inside this document, or the node itself. */
    private JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? doc.at(node.get("$ref").asString().substring(1)) : node;
    }
}
