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

    static String slug(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> "bad-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            case 429 -> "too-many-requests";
            default -> status.is5xxServerError() ? "internal" : "http-" + status.value();
        };
    }

    static String title(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known != null ? known.getReasonPhrase() : "HTTP " + status.value();
    }
}
