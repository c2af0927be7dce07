package org.chapkit.tasks.web;

import java.net.URI;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers the container's error dispatch (errors raised outside a controller: a rejected URL, a filter's
 * {@code sendError}, an exception in a filter) with problem+json instead of Boot's default error page. An
 * application with an {@code ErrorController} of its own keeps it.
 */
@RestController
@Hidden
@ConditionalOnMissingBean(value = ErrorController.class, ignored = ProblemErrorController.class)
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        HttpStatusCode status = HttpStatusCode.valueOf(statusOf(request));
        ProblemDetail problem = Problems.typed(ProblemDetail.forStatusAndDetail(status, detailOf(request, status)), status);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        problem.setInstance(URI.create(uri instanceof String path ? path : request.getRequestURI()));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static int statusOf(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        return code instanceof Integer value && value >= 400 && value < 600 ? value : HttpStatus.NOT_FOUND.value();
    }

    private static String detailOf(HttpServletRequest request, HttpStatusCode status) {
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        // A failure's message may carry internals; a refusal's message from the container or our filters says what was refused.
        if (Problems.isRefusal(status) && message instanceof String text && !text.isBlank()) {
            return text;
        }
        return Problems.isRefusal(status) ? Problems.title(status)
                : "the service failed to handle the request; the error is in its log";
    }
}
