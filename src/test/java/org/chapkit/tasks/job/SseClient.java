package org.chapkit.tasks.job;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client of one job's {@code $stream} that reads its events as they come, on a thread of its own, so a test can
 * wait for the next one with a deadline.
 */
final class SseClient implements AutoCloseable {

    /** One event: its name and its data, read as JSON; the end of the stream is the event {@code end}. */
    record Event(String name, JsonNode data) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Event END = new Event("end", JSON.nullNode());

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        Thread reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens the stream of the job and checks that it is one. */
    static SseClient open(HttpClient http, int port, String jobId) throws IOException, InterruptedException {
        SseClient client = openUnlessRefused(http, port, jobId);
        assertThat(client).as("the stream was refused with 429").isNotNull();
        return client;
    }

    /** Opens the stream of the job, or returns null if the node refuses it with 429. */
    static @Nullable SseClient openUnlessRefused(HttpClient http, int port, String jobId) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/jobs/" + jobId + "/$stream"))
                .header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() == 429) {
            response.body().close();
            return null;
        }
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        return new SseClient(response);
    }

    /** The next event, or the end of the stream; fails if neither comes within {@code limit}. */
    Event next(Duration limit) throws InterruptedException {
        Event event = events.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(event).as("an event within %s", limit).isNotNull();
        return event;
    }

    /** Skips events until one named {@code name} comes; fails if the stream ends or goes quiet for {@code limit} first. */
    Event awaitEvent(String name, Duration limit) throws InterruptedException {
        for (Event event = next(limit); ; event = next(limit)) {
            assertThat(event.name()).as("the stream ended before an event '%s'", name).isNotEqualTo(END.name());
            if (event.name().equals(name)) {
                return event;
            }
        }
    }

    private void read() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String name = "message";
            StringBuilder data = new StringBuilder();
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5));
                } else if (line.isEmpty() && !data.isEmpty()) {
                    events.add(new Event(name, JSON.readTree(data.toString())));
                    name = "message";
                    data.setLength(0);
                }
            }
        } catch (IOException e) {
            // closed by the test, or by the server
        } finally {
            events.add(END);
        }
    }

    @Override
    public void close() throws IOException {
        response.body().close();
    }
}
