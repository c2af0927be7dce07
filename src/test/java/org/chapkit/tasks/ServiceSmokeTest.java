package org.chapkit.tasks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole service on a real port: the example tasks, the OpenAPI document, errors from the container. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ServiceSmokeTest {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void listsTheExampleTasks() throws Exception {
        HttpResponse<String> response = get("/api/v1/tasks");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"name\":\"always_fail\"", "\"name\":\"clean_data\"", "\"name\":\"greet_user\"",
                "\"name\":\"process_data\"", "\"name\":\"send_email\"", "\"name\":\"simulate_work\"", "\"name\":\"system_info\"");
    }

    @Test
    void schemasAdmitNullWhereTheExamplesDo() throws Exception {
        // clean_data takes nulls among its values; process_data's mean is null for no values.
        assertThat(get("/api/v1/tasks/clean_data").body()).contains("\"items\":{\"type\":[\"number\",\"null\"]}");
        assertThat(get("/api/v1/tasks/process_data").body()).contains("\"mean\":{\"type\":[\"number\",\"null\"]}")
                .contains("\"items\":{\"type\":\"number\"}");
    }

    @Test
    void openApiDocumentsTheThreeTaskRoutesAndTheirErrors() throws Exception {
        HttpResponse<String> response = get("/v3/api-docs");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"/api/v1/tasks\"", "\"/api/v1/tasks/{name}\"", "\"/api/v1/tasks/{name}/$execute\"",
                "\"422\"", "\"409\"", "urn:chapkit:error:invalid-params", "\"job_id\"", "\"params_schema\"");
        assertThat(get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
    }

    @Test
    void aUrlTomcatRejectsIsStillAProblem() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /api/v1/tasks/a%ZZ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 400").contains("application/problem+json")
                    .contains("\"type\":\"urn:chapkit:error:bad-request\"").doesNotContain("<html");
        }
    }

    @Test
    void anErrorDispatchIsAProblem() throws Exception {
        HttpResponse<String> response = get("/error");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("urn:chapkit:error:").doesNotContain("trace");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
