package org.chapkit.tasks.web.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The roles over HTTP, on a real server with three keys: read (given as the key), run (given as its SHA-256, presented
 * as a bearer token) and admin.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "chapkit.security.api-keys.reader.key=read-key",
        "chapkit.security.api-keys.reader.roles=read",
        "chapkit.security.api-keys.runner.key-sha256=eba32383c39522370d98102be229e9a944526073ebd7b1e5a925498a5e4607ca",
        "chapkit.security.api-keys.runner.roles=run",
        "chapkit.security.api-keys.boss.key=admin-key",
        "chapkit.security.api-keys.boss.roles=admin",
        "chapkit.jobs.include-traceback=true"})
class ApiKeySecurityTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String READ = "X-API-Key: read-key";
    private static final String RUN = "Authorization: Bearer run-key";
    private static final String ADMIN = "X-API-Key: admin-key";

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void withoutAKeyOrWithAnUnknownOneEveryRouteIs401() throws Exception {
        for (String key : new String[] {null, "X-API-Key: nope", "Authorization: Bearer nope"}) {
            for (String[] route : new String[][] {{"GET", "/api/v1/tasks"}, {"GET", "/api/v1/jobs"}, {"POST", "/api/v1/tasks/greet_user/$execute"},
                    {"DELETE", "/api/v1/jobs/01M8YH4Z5JBMW1K31X05H9CD44"}, {"GET", "/actuator/prometheus"}, {"GET", "/actuator/info"}}) {
                HttpResponse<String> response = send(route[0], route[1], key, "{}");
                assertProblem(response, 401, "unauthorized");
                assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("ApiKey");
            }
        }
    }

    @Test
    void readReadsButDoesNotRun() throws Exception {
        assertThat(send("GET", "/api/v1/tasks", READ, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/v1/jobs", READ, null).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/v1/tasks/greet_user/$validate", READ, "{\"params\": {\"name\": \"Ada\"}}").statusCode()).isEqualTo(200);
        assertProblem(send("POST", "/api/v1/tasks/greet_user/$execute", READ, "{\"params\": {\"name\": \"Ada\"}}"), 403, "forbidden");
        assertProblem(send("GET", "/actuator/metrics", READ, null), 403, "forbidden");
    }

    @Test
    void runRunsAndCancelsButDoesNotDelete() throws Exception {
        HttpResponse<String> accepted = send("POST", "/api/v1/tasks/simulate_work/$execute", RUN, "{\"params\": {\"seconds\": 30}}");
        assertThat(accepted.statusCode()).isEqualTo(202);
        String job = JSON.readTree(accepted.body()).get("job_id").asString();
        assertThat(send("POST", "/api/v1/jobs/" + job + "/$cancel", RUN, null).statusCode()).isIn(200, 202);
        assertProblem(send("DELETE", "/api/v1/jobs/" + job, RUN, null), 403, "forbidden");
        assertProblem(send("GET", "/actuator/prometheus", RUN, null), 403, "forbidden");
        assertThat(send("DELETE", "/api/v1/jobs/" + job, ADMIN, null).statusCode()).isEqualTo(204);
        assertThat(send("GET", "/actuator/prometheus", ADMIN, null).statusCode()).isEqualTo(200);
    }

    @Test
    void onlyAdminSeesATraceback() throws Exception {
        HttpResponse<String> failed = send("POST", "/api/v1/tasks/always_fail/$execute", RUN, "{}", "Prefer", "wait=10");
        assertThat(failed.statusCode()).isEqualTo(200);
        JsonNode seenByRunner = JSON.readTree(failed.body());
        assertThat(seenByRunner.get("status").asString()).isEqualTo("failed");
        assertThat(seenByRunner.has("error_traceback")).as(failed.body()).isTrue();
        assertThat(seenByRunner.get("error_traceback").isNull()).isTrue();
        String path = "/api/v1/jobs/" + seenByRunner.get("id").asString();
        assertThat(JSON.readTree(send("GET", path, READ, null).body()).get("error_traceback").isNull()).isTrue();
        assertThat(JSON.readTree(send("GET", path, ADMIN, null).body()).get("error_traceback").asString())
                .contains("IllegalStateException: boom");
        assertThat(send("GET", "/api/v1/jobs?task_name=always_fail", READ, null).body()).doesNotContain("at org.");
        HttpResponse<String> stream = send("GET", path + "/$stream", ADMIN, null);
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.body()).contains("\"status\":\"failed\"", "\"error_traceback\":null");
        assertProblem(send("GET", path + "/$stream", null, null), 401, "unauthorized");
    }

    @Test
    void healthProbesAreOpenAndItsDetailsAreForAdmin() throws Exception {
        for (String path : new String[] {"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"}) {
            assertThat(send("GET", path, null, null).statusCode()).as(path + " " + send("GET", "/actuator/health", ADMIN, null).body()).isEqualTo(200);
        }
        assertThat(JSON.readTree(send("GET", "/actuator/health", null, null).body()).has("components")).isFalse();
        assertThat(JSON.readTree(send("GET", "/actuator/health", READ, null).body()).has("components")).isFalse();
        assertThat(JSON.readTree(send("GET", "/actuator/health", ADMIN, null).body()).at("/components/store/status").asString())
                .isEqualTo("UP");
    }

    @Test
    void theApiDocumentationIsOpenByDefault() throws Exception {
        assertThat(send("GET", "/v3/api-docs", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/swagger-ui/index.html", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void everyAnswerSaysNosniff() throws Exception {
        assertThat(send("GET", "/api/v1/tasks", READ, null).headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(send("GET", "/api/v1/tasks", null, null).headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(send("GET", "/nope", ADMIN, null).headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Nested
    @TestPropertySource(properties = "chapkit.security.docs-public=false")
    class WithPrivateDocs {

        @LocalServerPort
        int port;

        @Test
        void theDocumentationNeedsAKey() throws Exception {
            assertProblem(sendTo(port, "GET", "/v3/api-docs", null, null), 401, "unauthorized");
            assertThat(sendTo(port, "GET", "/v3/api-docs", READ, null).statusCode()).isEqualTo(200);
        }
    }

    private HttpResponse<String> send(String method, String path, String key, String body, String... headers) throws Exception {
        return sendTo(port, method, path, key, body, headers);
    }

    private HttpResponse<String> sendTo(int port, String method, String path, String key, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            String[] header = key.split(": ", 2);
            request.header(header[0], header[1]);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String slug) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:chapkit:error:" + slug);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
    }
}
