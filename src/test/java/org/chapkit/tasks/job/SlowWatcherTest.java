package org.chapkit.tasks.job;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that opens a job's stream and never reads it holds up no one else: the other streams and the
 * {@code Prefer: wait} requests of the node still hear of their jobs at once. The deaf client's job has params of
 * half a megabyte and reports progress fifty times a second, so whatever is written to it fills its connection fast.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(JobTestTasks.class)
class SlowWatcherTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Far more than the watch needs; far less than a write to the deaf client would take to fail (a minute). */
    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> gates = new ArrayList<>();

    @AfterEach
    void openTheGates() {
        gates.forEach(JobTestTasks::open);
    }

    @Test
    void aClientThatNeverReadsItsStreamHoldsUpNoOtherStreamOrWait() throws Exception {
        String bigGate = JobTestTasks.newGate() + "-" + "x".repeat(500_000);
        gates.add(bigGate);
        String bigJob = execute("test_ticking", JobTestTasks.gateParams(bigGate), null).get("job_id").asString();

        try (Socket deaf = openAndNeverRead(bigJob)) {
            String gate = gate();
            String otherJob = execute("test_block", JobTestTasks.gateParams(gate), null).get("job_id").asString();
            try (SseClient other = SseClient.open(http, port, otherJob)) {
                assertThat(other.next(PROMPTLY).data().get("id").asString()).isEqualTo(otherJob);
                JobTestTasks.open(gate);
                assertThat(other.awaitEvent("completed", PROMPTLY).data().get("status").asString()).isEqualTo("completed");
            }

            long before = System.nanoTime();
            HttpResponse<String> waited = send("test_echo", "{\"text\": \"hi\"}", "wait=" + PROMPTLY.toSeconds());
            assertThat(waited.statusCode()).as("answered with the finished job, not the 202 after the wait").isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(PROMPTLY);
        }
    }

    /** Opens the job's stream, reads the response's head (so the server has begun to write), and nothing more. */
    private Socket openAndNeverRead(String jobId) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout((int) PROMPTLY.toMillis());
        socket.getOutputStream().write(("GET /api/v1/jobs/" + jobId + "/$stream HTTP/1.1\r\nHost: localhost\r\n"
                + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int next = in.read();
            assertThat(next).as("the response's head").isNotNegative();
            head.write(next);
        }
        assertThat(head.toString(StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200");
        return socket;
    }

    private String gate() {
        String gate = JobTestTasks.newGate();
        gates.add(gate);
        return gate;
    }

    private JsonNode execute(String task, String params, String prefer) throws Exception {
        HttpResponse<String> response = send(task, params, prefer);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(String task, String params, String prefer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/tasks/" + task + "/$execute"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"params\": " + params + "}"));
        if (prefer != null) {
            request.header("Prefer", prefer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
