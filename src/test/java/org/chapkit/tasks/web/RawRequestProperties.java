package org.chapkit.tasks.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.chapkit.tasks.web.HostileServer.Answer;

import static org.chapkit.tasks.web.AnswerChecks.check;
import static org.chapkit.tasks.web.AnswerChecks.checkStoredData;

/**
 * Requests no HTTP client would send, written byte by byte on a socket: any method on any route with raw
 * percent-encodings, dot segments and invalid UTF-8 in its path and query; header values with any byte but CR and LF
 * for {@code Prefer}, {@code Idempotency-Key}, {@code Content-Type} and {@code Accept}; and bodies whose
 * {@code Content-Length} or chunking does not add up.
 */
class RawRequestProperties extends HostileProperties {

    private static final List<String> ROUTES = List.of("/api/v1/tasks/{}", "/api/v1/tasks/{}/$execute", "/api/v1/tasks/{}/$validate",
            "/api/v1/tasks/greet_user/{}", "/api/v1/jobs/{}", "/api/v1/jobs/{}/$cancel", "/api/v1/jobs/{}/$stream",
            "/api/v1/artifacts/{}", "/api/v1/artifacts/{}/$download", "/api/v1/{}", "/{}", "/actuator/{}", "/actuator/health/{}",
            "/api/v1/tasks{}", "/api/v1/jobs{}");
    private static final String BODY = "{\"params\": {\"name\": \"Ada\"}}";

    @Property(tries = TRIES, seed = SEED)
    void anyRequestTargetIsAnsweredWithAProblemOrTheResource(@ForAll("methods") String method, @ForAll("targets") String target) {
        boolean post = method.equals("POST");
        String head = method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + (post ? "Content-Type: application/json\r\nContent-Length: " + BODY.length() + "\r\n" : "");
        Answer answer = tally(server.sendRaw(latin1(head + "\r\n" + (post ? BODY : "")), false));
        if (answer.status() == 202) {
            deleteJobOf(answer);
        }
        checkStoredData(answer);
    }

    @Property(tries = TRIES, seed = SEED)
    void anyHeaderValueOfExecuteIsReadOrRefused(@ForAll("headerValues") Optional<String> prefer, @ForAll("headerValues") Optional<String> key,
                                                @ForAll("contentTypes") Optional<String> contentType, @ForAll("accepts") Optional<String> accept,
                                                @ForAll boolean validate) {
        String head = "POST /api/v1/tasks/greet_user/" + (validate ? "$validate" : "$execute") + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + header("Prefer", prefer) + header("Idempotency-Key", key) + header("Content-Type", contentType) + header("Accept", accept)
                + "Content-Length: " + BODY.length() + "\r\n\r\n";
        Answer answer = tally(check(server.sendRaw(latin1(head + BODY), false), 200, 202, 400, 406, 415, 422));
        if (answer.status() == 202) {
            deleteJobOf(answer);
        }
    }

    @Property(tries = TRIES, seed = SEED)
    void anyAcceptOfAReadIsAnsweredOrRefused(@ForAll("accepts") Optional<String> accept, @ForAll("readTargets") String target) {
        String head = "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + header("Accept", accept) + "\r\n";
        tally(checkStoredData(server.sendRaw(latin1(head), false), 200, 400, 404, 406));
    }

    /**
     * A body shorter or longer than its {@code Content-Length}, lengths that are no number, two of them, a chunked body
     * with bad chunk sizes or no last chunk: each is a problem or read as far as it goes; the client closes its side
     * after sending, so that a server waiting for more learns there is none.
     */
    @Property(tries = TRIES, seed = SEED)
    void anyBodyFramingIsReadOrRefused(@ForAll("framings") String framing, @ForAll("bodyTexts") String body, @ForAll boolean validate) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST /api/v1/tasks/greet_user/" + (validate ? "$validate" : "$execute") + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\nContent-Type: application/json\r\n";
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(latin1(head + framing.replace("{n}", Integer.toString(bytes.length))
                .replace("{n+1}", Integer.toString(bytes.length + 1)).replace("{n-1}", Integer.toString(Math.max(0, bytes.length - 1)))
                .replace("{hex}", Integer.toHexString(bytes.length)).replace("|", "\r\n")));
        if (!framing.contains("chunked")) {
            request.writeBytes(bytes);
        } else if (framing.contains("{hex}")) {
            request.writeBytes(bytes);
            request.writeBytes(latin1(framing.contains("Nolast") ? "\r\n" : "\r\n0\r\n\r\n"));
        }
        Answer answer = tally(check(server.sendRaw(request.toByteArray(), true), 200, 202, 400, 411, 413, 422));
        if (answer.status() == 202) {
            deleteJobOf(answer);
        }
    }

    private static String header(String name, Optional<String> value) {
        return value.map(text -> name + ": " + text + "\r\n").orElse("");
    }

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of("GET", "GET", "POST", "DELETE", "PUT", "PATCH", "OPTIONS", "TRACE", "get", "FOO");
    }

    @Provide
    Arbitrary<String> targets() {
        Arbitrary<String> name = Arbitraries.of("page", "size", "status", "task_name", "parent_id", "tags", "x", "", "%ff", "page%00");
        Arbitrary<String> query = Combinators.combine(name, HostileValues.rawQueryValue()).as((n, v) -> n + "=" + v)
                .list().ofMaxSize(3).map(pairs -> pairs.isEmpty() ? "" : "?" + String.join("&", pairs));
        return Combinators.combine(Arbitraries.of(ROUTES), HostileValues.rawSegment(), query)
                .as((route, segment, q) -> route.replace("{}", segment) + q)
                .filter(target -> AnswerChecks.harmless(HostileValues.decoded(target)));
    }

    @Provide
    Arbitrary<String> readTargets() {
        return Arbitraries.of("/api/v1/tasks", "/api/v1/tasks/greet_user", "/api/v1/tasks/nope", "/api/v1/jobs", "/api/v1/jobs/nope",
                "/api/v1/jobs/01ARZ3NDEKTSV4RRFFQ69G5FAV/$stream", "/api/v1/artifacts", "/api/v1/artifacts/01ARZ3NDEKTSV4RRFFQ69G5FAV/$download",
                "/actuator/health", "/nope");
    }

    /** Any bytes but CR and LF, which would end the header. */
    @Provide
    Arbitrary<Optional<String>> headerValues() {
        Arbitrary<String> anyBytes = Arbitraries.strings().withCharRange('\u0000', '\u00ff').excludeChars('\r', '\n').ofMaxLength(40);
        return Arbitraries.oneOf(anyBytes, Arbitraries.strings().withChars("wait=,;\" -0123456789xe").ofMaxLength(20),
                Arbitraries.of("wait=1", "wait=0", "wait=-1", "wait=60", "wait=61", "wait=1e400", "wait=NaN", ";;;", ",", "=",
                        "respond-async, wait=1", "wait=\"1\"", "k".repeat(255), "k".repeat(256), "k".repeat(7_000)))
                .filter(AnswerChecks::harmless).optional(0.7);
    }

    @Provide
    Arbitrary<Optional<String>> contentTypes() {
        Arbitrary<String> parameter = Arbitraries.of("; charset=utf-8", "; charset=UTF-16", "; charset=utf-32", "; charset=nope",
                "; charset=", "; charset=\"utf-8", ";", ";;", "; q=x", "; boundary=x", "; charset=ISO-8859-1", ",text/plain");
        Arbitrary<String> type = Arbitraries.of("application/json", "application/problem+json", "application/vnd.x+json", "text/json",
                "text/plain", "application/x-www-form-urlencoded", "multipart/form-data", "*/*", "application/*", "a", "", "/", "json");
        return Arbitraries.oneOf(Combinators.combine(type, parameter.optional()).as((t, p) -> t + p.orElse("")),
                headerValues().filter(Optional::isPresent).map(Optional::get)).optional(0.8);
    }

    @Provide
    Arbitrary<Optional<String>> accepts() {
        Arbitrary<String> range = Arbitraries.of("application/json", "application/problem+json", "text/event-stream", "*/*", "application/*",
                "text/html", "application/xml", "*/*;q=0", "application/json;q=0", "application/json;q=abc", "*/ *", "image/*", "",
                "application/json;q=0.5, text/html", "text/*;level=1");
        return Arbitraries.oneOf(range, range.list().ofMinSize(2).ofMaxSize(4).map(ranges -> String.join(", ", ranges)),
                headerValues().filter(Optional::isPresent).map(Optional::get)).optional(0.7);
    }

    @Provide
    Arbitrary<String> framings() {
        return Arbitraries.of("Content-Length: {n}||", "Content-Length: {n-1}||", "Content-Length: {n+1}||", "Content-Length: -1||",
                "Content-Length: 99999999999999999999||", "Content-Length: 1e3||", "Content-Length: 0x10||", "Content-Length: {n}|Content-Length: {n}||",
                "Content-Length: {n}|Content-Length: {n-1}||", "Content-Length: {n}, {n}||", "Content-Length: +{n}||", "Content-Length:||",
                "Content-Length: {n} ||", "||", "Transfer-Encoding: chunked||{hex}|", "Transfer-Encoding: chunked||{hex};ext=\"x|",
                "Transfer-Encoding: chunked|X-Nolast: 1||{hex}|", "Transfer-Encoding: chunked||zz|", "Transfer-Encoding: chunked||-1|",
                "Transfer-Encoding: chunked||ffffffffffffffff|", "Transfer-Encoding: chunked|Content-Length: {n}||{hex}|",
                "Transfer-Encoding: chunked, chunked||{hex}|", "Content-Length: 2000000||");
    }

    @Provide
    Arbitrary<String> bodyTexts() {
        return Arbitraries.oneOf(Arbitraries.just(BODY), HostileValues.jsonText().map(value -> "{\"params\": " + value + "}"),
                Arbitraries.of("", "{}", "null", "{\"params\": null}"));
    }
}
