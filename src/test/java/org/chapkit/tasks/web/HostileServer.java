package org.chapkit.tasks.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.chapkit.tasks.ChapkitTasksApplication;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bundled service on a random port with an empty store of its own, started once for all the hostile-input
 * properties in a test JVM and stopped when it exits (jqwik has its own lifecycle, so no Spring test context; and
 * Surefire runs each class as a jqwik run of its own, so a store of jqwik's would start it once per class), with the
 * two ways to talk to it: {@link HttpClient} for requests a client can send, {@link RawHttp} for the rest.
 */
final class HostileServer {

    static final JsonMapper JSON = JsonMapper.builder().build();
    /** Long enough for any answer the service owes; a request that takes longer is a failure of the property. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final Path dataDir;
    private final ConfigurableApplicationContext context;
    private final int port;
    private @Nullable List<JsonNode> tasks;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(REQUEST_TIMEOUT).build();

    private HostileServer() {
        try {
            dataDir = Files.createTempDirectory("chapkit-hostile");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Command-line arguments outrank the test application.properties. Log levels stay as they are: they are the
        // test JVM's, and other tests read the log.
        context = new SpringApplicationBuilder(ChapkitTasksApplication.class).registerShutdownHook(false)
                .run("--server.port=0", "--chapkit.data-dir=" + dataDir, "--chapkit.jobs.shutdown-grace=1s");
        port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static @Nullable HostileServer started;

    /** The server, started on first use. */
    static synchronized HostileServer get() {
        if (started == null) {
            HostileServer server = new HostileServer();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "hostile-server-stop"));
            started = server;
        }
        return started;
    }

    int port() {
        return port;
    }

    /** The tasks as listed, each with its {@code params_schema}. */
    synchronized List<JsonNode> tasks() {
        if (tasks == null) {
            tasks = get("/api/v1/tasks").json().valueStream().toList();
        }
        return tasks;
    }

    /** An answer: status, headers (names in lower case, first value), body as text. */
    record Answer(String request, int status, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        JsonNode json() {
            return JSON.readTree(body);
        }

        @Override
        public String toString() {
            return request + " -> " + status + " " + headers.get("content-type") + " " + (body.length() > 2000 ? body.substring(0, 2000) + "..." : body);
        }
    }

    /** Sends a request as a client would; {@code headers} are name, value pairs. */
    Answer send(String method, String pathAndQuery, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(REQUEST_TIMEOUT)
                .method(method, body.length == 0 && !"POST".equals(method) ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        String described = method + " " + pathAndQuery + " " + List.of(headers) + " body(" + body.length + ")="
                + abbreviate(new String(body, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Map<String, String> names = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> names.put(name.toLowerCase(Locale.ROOT), values.get(0)));
            return new Answer(described, response.statusCode(), names, response.body());
        } catch (IOException e) {
            throw new AssertionError(described + " got no answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(described + " was interrupted", e);
        }
    }

    Answer get(String pathAndQuery, String... headers) {
        return send("GET", pathAndQuery, new byte[0], headers);
    }

    Answer postJson(String path, String body, String... headers) {
        String[] all = Stream.concat(Stream.of("Content-Type", "application/json"), Stream.of(headers)).toArray(String[]::new);
        return send("POST", path, body.getBytes(StandardCharsets.UTF_8), all);
    }

    /** Sends bytes exactly as given (a request line, headers and a body) over a socket of its own. */
    Answer sendRaw(byte[] request, boolean halfClose) {
        String described = "raw " + abbreviate(new String(request, StandardCharsets.ISO_8859_1));
        try {
            RawHttp.Response response = RawHttp.sendBytes(port, request, halfClose, (int) REQUEST_TIMEOUT.toMillis());
            return new Answer(described, response.status(), response.headers(), response.body());
        } catch (IOException e) {
            throw new AssertionError(described + " got no answer: " + e, e);
        }
    }

    static String abbreviate(String text) {
        String oneLine = text.replace("\r", "\\r").replace("\n", "\\n");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "...(" + oneLine.length() + " chars)" : oneLine;
    }

    private void close() {
        context.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is no failure of the service
        }
    }
}
