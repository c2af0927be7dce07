package org.chapkit.tasks.web;

import java.util.List;
import java.util.Map;

import org.chapkit.tasks.artifact.ArtifactNotFoundException;
import org.chapkit.tasks.common.InvalidQueryException;
import org.chapkit.tasks.common.Ulids;
import org.chapkit.tasks.job.JobFinishedException;
import org.chapkit.tasks.job.JobNotFoundException;
import org.chapkit.tasks.job.TooManyWatchersException;
import org.chapkit.tasks.store.StoreFaults;
import org.chapkit.tasks.task.IdempotencyKeyReusedException;
import org.chapkit.tasks.task.InvalidParamsException;
import org.chapkit.tasks.task.QueueFullException;
import org.chapkit.tasks.task.ParamError;
import org.chapkit.tasks.task.TaskDisabledException;
import org.chapkit.tasks.task.TaskNotFoundException;
import org.chapkit.tasks.task.web.BadHeaderException;
import org.chapkit.tasks.task.web.InvalidFieldException;
import org.chapkit.tasks.task.web.MalformedBodyException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;

/**
 * Maps every exception that reaches a controller to an RFC 9457 problem with a stable {@code type} URN.
 * The framework's own exceptions (405, 415, 406, unmapped paths ...) keep their status and headers
 * ({@code Allow} on a 405) and get our type; an unexpected failure is a 500 without a stack trace.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    /** Seconds a client is asked to wait when the store is unavailable: about the probe's time to see it back. */
    static final int STORE_RETRY_AFTER_SECONDS = 5;

    @ExceptionHandler
    ProblemDetail taskNotFound(TaskNotFoundException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "task-not-found", "Task not found", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail taskDisabled(TaskDisabledException e) {
        return Problems.of(HttpStatus.CONFLICT, "task-disabled", "Task disabled", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail invalidField(InvalidFieldException e) {
        ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-field", "Invalid field",
                "field '" + e.field() + "' " + e.getMessage());
        problem.setProperty("errors", errorList(List.of(new ParamError(e.field(), e.getMessage()))));
        return problem;
    }

    @ExceptionHandler
    ProblemDetail invalidParams(InvalidParamsException e) {
        ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-params", "Invalid params",
                e.errors().size() + " parameter(s) of task '" + e.taskName() + "' were refused");
        problem.setProperty("errors", errorList(e.errors()));
        return problem;
    }

    @ExceptionHandler
    ProblemDetail malformedBody(MalformedBodyException e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> queueFull(QueueFullException e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .body(Problems.of(HttpStatus.TOO_MANY_REQUESTS, "queue-full", "Queue full", e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> tooManyWatchers(TooManyWatchersException e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .body(Problems.of(HttpStatus.TOO_MANY_REQUESTS, "too-many-watchers", "Too many watchers", e.getMessage()));
    }

    @ExceptionHandler
    ProblemDetail idempotencyKeyReused(IdempotencyKeyReusedException e) {
        ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", "Idempotency-Key reused",
                e.getMessage());
        problem.setProperty("errors", errorList(List.of(new ParamError("Idempotency-Key", "was used for another request"))));
        return problem;
    }

    @ExceptionHandler
    ProblemDetail badHeader(BadHeaderException e) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "bad-request", "Bad Request", e.getMessage());
        problem.setProperty("errors", errorList(List.of(new ParamError(e.header(), e.getMessage()))));
        return problem;
    }

    @ExceptionHandler
    ProblemDetail jobNotFound(JobNotFoundException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "job-not-found", "Job not found", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail jobFinished(JobFinishedException e) {
        return Problems.of(HttpStatus.CONFLICT, "job-finished", "Job already finished", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail artifactNotFound(ArtifactNotFoundException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "artifact-not-found", "Artifact not found", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail invalidId(Ulids.InvalidIdException e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "invalid-id", "Invalid id", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail invalidQuery(InvalidQueryException e) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "bad-request", "Bad Request",
                "query parameter '" + e.param() + "' " + e.getMessage());
        problem.setProperty("errors", errorList(List.of(new ParamError(e.param(), e.getMessage()))));
        return problem;
    }

    /**
     * A store that cannot be used now is a 503 that passes (readiness follows through the store's probe); any
     * other failure of a statement is a bug (500).
     */
    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ResponseEntity<ProblemDetail> storeFailure(RuntimeException e) {
        if (!StoreFaults.isUnavailable(e)) {
            return ResponseEntity.internalServerError().body(unexpected(e));
        }
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(STORE_RETRY_AFTER_SECONDS))
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable", "Store unavailable",
                        "the service cannot reach its store now; try again in " + STORE_RETRY_AFTER_SECONDS + " s"));
    }

    /**
     * A body that says it is multipart but cannot be parsed as such (no boundary, say): the framework parses it before
     * any route is chosen, so it is a bad request, whatever the route takes. One too large keeps its 413.
     */
    @ExceptionHandler
    ProblemDetail unreadableMultipart(MultipartException e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "bad-request", "Bad Request", "the body is declared multipart but cannot be read as such");
    }

    @ExceptionHandler
    ProblemDetail unreadableParameters(UnreadableParametersException e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "bad-request", "Bad Request", e.getMessage());
    }

    /** Spring Security's firewall refuses a name or value it reads late, such as a parameter name with a NUL. */
    @ExceptionHandler
    ProblemDetail rejectedRequest(RequestRejectedException e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "bad-request", "Bad Request", "the request holds characters the service does not accept");
    }

    @ExceptionHandler
    ProblemDetail unexpected(Exception e) {
        log.error("Unexpected failure", e);
        return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "the service failed to handle the request; the error is in its log");
    }

    private static List<Map<String, String>> errorList(List<ParamError> errors) {
        return errors.stream().map(error -> Map.of("param", error.param(), "message", error.message())).toList();
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        PayloadTooLargeException tooLarge = findCause(ex, PayloadTooLargeException.class);
        if (tooLarge != null) {
            ProblemDetail problem = Problems.of(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Payload too large",
                    tooLarge.getMessage());
            return handleExceptionInternal(ex, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
        }
        JacksonException json = findCause(ex, JacksonException.class);
        String detail = json != null ? "the body is not valid JSON: " + JsonErrors.describe(json) : "the body could not be read";
        ProblemDetail problem = Problems.of(status, "malformed-body", "Malformed request body", detail);
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = Problems.of(status, "not-found", "Not Found",
                "no route matches " + ex.getHttpMethod() + " /" + ex.getResourcePath());
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = ex.getPropertyName() != null ? ex.getPropertyName() : "value";
        String expected = ex.getRequiredType() == null ? "of another type" : "a valid " + ex.getRequiredType().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        ProblemDetail problem = Problems.of(status, "bad-request", "Bad Request",
                "'" + name + "' must be " + expected + ", not '" + ex.getValue() + "'");
        problem.setProperty("errors", errorList(List.of(new ParamError(name, "must be " + expected))));
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    private static <T extends Throwable> @Nullable T findCause(Throwable error, Class<T> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        Object typed = body instanceof ProblemDetail problem ? Problems.typed(problem, statusCode) : body;
        if (typed == null) {
            typed = Problems.typed(ProblemDetail.forStatusAndDetail(statusCode, ex.getMessage()), statusCode);
        }
        return super.handleExceptionInternal(ex, typed, headers, statusCode, request);
    }
}
