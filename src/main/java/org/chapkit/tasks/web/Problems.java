package org.chapkit.tasks.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The service's problem types: {@code urn:chapkit:error:<slug>}, one stable slug per kind of error, and a
 * slug for each HTTP status that the framework or the container answers by itself.
 */
final class Problems {

    static final String TYPE_PREFIX = "urn:chapkit:error:";

    private Problems() {
    }

    static ProblemDetail of(HttpStatusCode status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + slug));
        problem.setTitle(title);
        return problem;
    }

    /** Gives a framework-made problem our type and, where it has none, a title. */
    static ProblemDetail typed(ProblemDetail problem, HttpStatusCode status) {
        if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
            problem.setType(URI.create(TYPE_PREFIX + slug(status)));
        }
        if (problem.getTitle() == null) {
            problem.setTitle(title(status));
        }
        return problem;
    }

    /** The slug of a status that has no more specific one: the statuses the framework or the container answer by themselves. */
    static String slug(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> "bad-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 408 -> "request-timeout";
            case 411 -> "length-required";
            case 413 -> "payload-too-large";
            case 414 -> "uri-too-long";
            case 415 -> "unsupported-media-type";
            case 417 -> "expectation-failed";
            case 429 -> "too-many-requests";
            case 431 -> "request-header-fields-too-large";
            case 501 -> "not-implemented";
            case 503 -> "service-unavailable";
            case 505 -> "http-version-not-supported";
            default -> status.is5xxServerError() ? "internal" : "http-" + status.value();
        };
    }

    /**
     * Whether the status refuses the request rather than reporting a failure of the service: every 4xx, and the
     * 5xx that say the request asks for what the server does not do (501 an unknown method or transfer coding, 505 an
     * HTTP version).
     */
    static boolean isRefusal(HttpStatusCode status) {
        return status.is4xxClientError() || status.value() == 501 || status.value() == 505;
    }

    static String title(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known != null ? known.getReasonPhrase() : "HTTP " + status.value();
    }
}
