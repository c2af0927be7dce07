package org.chapkit.tasks.web;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests no well-behaved client sends, sent as they are to the whole service on a real port: each is answered
 * with a problem of a stable type and the status it deserves, never a 500 and never an empty body.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HostileRequestsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    /** Percent-encoding that does not decode to UTF-8, in a query parameter that a route reads. */
    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/tasks?tags=%ff", "/api/v1/jobs?page=%ff", "/api/v1/jobs?status=%c3%28",
            "/api/v1/artifacts?parent_id=%ff"})
    void anUndecodableQueryIsABadRequest(String target) throws IOException {
        RawHttp.Response response = RawHttp.get(port, target);
        JsonNode problem = assertProblem(response, 400, "bad-request");
        assertThat(problem.get("detail").asString()).contains("query");
    }

    /** A path that is not normalised would reach a route other than the one its text names: it is refused. */
    @ParameterizedTest
    @ValueSource(strings = {"/actuator/health/../env", "/actuator/health/./db", "/actuator/health/%2e%2e/env",
            "/actuator/health/.%2E/env", "/actuator/health/..;x=1/env", "/api/v1/tasks/../jobs", "/api/v1/tasks/greet_user/.."})
    void aPathWithDotSegmentsIsABadRequest(String target) throws IOException {
        RawHttp.Response response = RawHttp.get(port, target);
        JsonNode problem = assertProblem(response, 400, "bad-request");
        assertThat(problem.get("detail").asString()).isEqualTo(RequestTargetFilter.DOT_SEGMENT);
    }

    /** Names that merely contain dots are ordinary paths. */
    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/tasks/a..b", "/api/v1/tasks/...", "/api/v1/tasks/.hidden"})
    void dotsInsideANameAreNotSegments(String target) throws IOException {
        assertProblem(RawHttp.get(port, target), 404, "task-not-found");
    }

    /** What the container refuses by itself, before any route, has a type of its own: not {@code internal}, which is a failure of ours. */
    @ParameterizedTest(name = "{1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            POST /api/v1/tasks HTTP/1.1\\r\\nHost: localhost\\r\\nTransfer-Encoding: gzip                                          | 501 | not-implemented
            GET /api/v1/tasks HTTP/3.0\\r\\nHost: localhost                                                                     | 505 | http-version-not-supported
            POST /api/v1/tasks/greet_user/$execute HTTP/1.1\\r\\nHost: localhost\\r\\nExpect: 100-later\\r\\nContent-Length: 0 | 417 | expectation-failed
            """)
    void theContainersOwnRefusalsHaveTheirOwnTypes(String head, int status, String slug) throws IOException {
        JsonNode problem = assertProblem(RawHttp.send(port, unescape(head), ""), status, slug);
        assertThat(problem.get("detail").asString()).doesNotContain("failed");
    }

    /** Every error, whoever answers it (a route, the framework, the actuator, the container), is a problem with a body. */
    @ParameterizedTest(name = "{1} {2}: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            GET /nope HTTP/1.1\\r\\nHost: localhost                                                                   | 404 | not-found
            GET /actuator/health/nope HTTP/1.1\\r\\nHost: localhost                                                   | 404 | not-found
            GET /actuator/health/db/nope HTTP/1.1\\r\\nHost: localhost                                                | 404 | not-found
            GET /actuator/metrics/nope HTTP/1.1\\r\\nHost: localhost                                                  | 404 | not-found
            DELETE /api/v1/tasks HTTP/1.1\\r\\nHost: localhost                                                        | 405 | method-not-allowed
            FOO /api/v1/tasks HTTP/1.1\\r\\nHost: localhost                                                           | 400 | bad-request
            POST /actuator/health HTTP/1.1\\r\\nHost: localhost\\r\\nContent-Length: 0                                | 405 | method-not-allowed
            GET /api/v1/tasks HTTP/1.1\\r\\nHost: localhost\\r\\nAccept: text/html                                    | 406 | not-acceptable
            GET /actuator/health HTTP/1.1\\r\\nHost: localhost\\r\\nAccept: text/html                                 | 406 | not-acceptable
            POST /api/v1/tasks/greet_user/$execute HTTP/1.1\\r\\nHost: localhost\\r\\nContent-Type: text/plain\\r\\nContent-Length: 0 | 415 | unsupported-media-type
            GET /api/v1/tasks HTTP/1.1 extra\\r\\nHost: localhost                                                     | 400 | bad-request
            GET /api/v1/ tasks HTTP/1.1\\r\\nHost: localhost                                                          | 400 | bad-request
            GET /api/v1/tasks HTTP/1.1\\r\\nHost: localhost\\r\\nBad Header: x                                        | 400 | bad-request
            GET /api/v1/tasks HTTP/1.1\\r\\nHost: localhost\\r\\nContent-Length: x                                    | 400 | bad-request
            POST /api/v1/tasks/greet_user/$execute HTTP/1.1\\r\\nHost: localhost\\r\\nContent-Type: multipart/form-data\\r\\nContent-Length: 0 | 400 | bad-request
            """)
    void everyErrorIsAProblemWithABody(String head, int status, String slug) throws IOException {
        assertProblem(RawHttp.send(port, unescape(head), ""), status, slug);
    }

    @Test
    void headersOrARequestLineTooLargeAreAProblem() throws IOException {
        String large = "x".repeat(20_000);
        assertProblem(RawHttp.send(port, "GET /api/v1/tasks HTTP/1.1\r\nHost: localhost\r\nX-Large: " + large, ""), 400, "bad-request");
        assertProblem(RawHttp.get(port, "/api/v1/tasks?q=" + large), 400, "bad-request");
    }

    private static String unescape(String head) {
        return head.trim().replace("\\r\\n", "\r\n");
    }

    static JsonNode assertProblem(RawHttp.Response response, int status, String slug) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as("the content type of a %d", status).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:chapkit:error:" + slug);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception", "org.apache", "<html");
        return problem;
    }
}
