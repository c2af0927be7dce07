package org.chapkit.tasks.task.web;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.chapkit.tasks.common.Times;
import org.chapkit.tasks.config.ChapkitProperties;
import org.chapkit.tasks.task.BoundCall;
import org.chapkit.tasks.task.JobSubmitter;
import org.chapkit.tasks.task.TaskInfo;
import org.chapkit.tasks.task.TaskListing;
import org.chapkit.tasks.task.TaskNotFoundException;
import org.chapkit.tasks.task.TaskRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/** The task routes: list, describe, execute and its dry run, validate. There is no create, update or delete of tasks. */
@RestController
@RequestMapping(path = "/api/v1/tasks", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Tasks", description = "The registered tasks: list them, read their parameters, run them")
class TaskController {

    private static final Logger log = LoggerFactory.getLogger(TaskController.class);
    private static final String PROBLEM = MediaType.APPLICATION_PROBLEM_JSON_VALUE;
    // Added to the document by the web room's ApiDocsCustomizer, which also gives every error response its Problem schema.
    private static final String JOB_WITH_RESULT = "#/components/schemas/JobWithResult";
    private static final String STORE_UNAVAILABLE = "#/components/responses/StoreUnavailable";

    private final TaskRegistry registry;
    private final TaskListing listing;
    private final JobSubmitter submitter;

    /** How much longer than its wait a {@code Prefer: wait} request may live: time to read the ended job and its result. */
    private static final Duration WAIT_MARGIN = Duration.ofSeconds(10);

    private final Duration maxWait;

    TaskController(TaskRegistry registry, TaskListing listing, JobSubmitter submitter, ChapkitProperties properties) {
        this.registry = registry;
        this.listing = listing;
        this.submitter = submitter;
        this.maxWait = properties.jobs().maxWait();
    }

    @GetMapping
    @Operation(operationId = "listTasks", summary = "List tasks",
            description = "Every registered task, sorted by name; with tags, only the tasks that carry ALL of them.")
    @ApiResponse(responseCode = "200", description = "The tasks", content = @Content(
            array = @ArraySchema(schema = @Schema(implementation = TaskInfo.class))))
    @ApiResponse(responseCode = "406", description = "The Accept header asks for something other than JSON")
    ResponseEntity<byte[]> list(@Parameter(description = "Comma-separated tags (data,etl), or the parameter repeated; a task must carry all of them")
            @RequestParam(name = "tags", required = false) @Nullable List<String> tags) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(listing.list(splitTags(tags)));
    }

    private static List<String> splitTags(@Nullable List<String> values) {
        List<String> tags = new ArrayList<>();
        if (values != null) {
            for (String value : values) {
                for (String tag : value.split(",")) {
                    if (!tag.isBlank()) {
                        tags.add(tag.trim());
                    }
                }
            }
        }
        return tags;
    }

    @GetMapping("/{name}")
    @Operation(operationId = "getTask", summary = "Describe a task",
            description = "Its parameters with JSON Schemas, the schema of the whole params object and of the result.")
    @ApiResponse(responseCode = "200", description = "The task", content = @Content(schema = @Schema(implementation = TaskInfo.class)))
    @ApiResponse(responseCode = "404", description = "No task of that name (task-not-found)")
    TaskInfo get(@Parameter(example = "greet_user") @PathVariable String name) {
        return registry.info(name).orElseThrow(() -> new TaskNotFoundException(name));
    }

    /** A {@code ResponseEntity} at once, or with {@code Prefer: wait} a {@code DeferredResult} of one. */
    @PostMapping(path = "/{name}/$execute", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "executeTask", summary = "Run a task", description = """
            Checks the params against the task's parameters (names, required, JSON types, Bean Validation \
            constraints) and, if they pass, accepts a job that runs in the background. Every offending parameter \
            is listed in one 422, and no job is created then. The body, or params, may be left out. With run_at or \
            delay the job waits pending until then (scheduled_for), and starts within the engine's polling interval \
            of it.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false, content = @Content(
                    schema = @Schema(implementation = ExecuteRequest.class), examples = @ExampleObject(value = """
                            {"params": {"name": "Ada", "greeting": "Hi"}}"""))))
    @ApiResponse(responseCode = "200", description = "With Prefer: wait=N, the job ended within N seconds: the finished job with its result inline",
            headers = {@Header(name = "Preference-Applied", description = "The wait applied, wait=N", schema = @Schema(type = "string", example = "wait=5")),
                       @Header(name = "Location", description = "The job", schema = @Schema(type = "string", format = "uri-reference"))},
            content = @Content(schema = @Schema(ref = JOB_WITH_RESULT)))
    @ApiResponse(responseCode = "202", description = "Accepted; the job runs in the background",
            headers = {@Header(name = "Location", description = "The job: /api/v1/jobs/{job_id}", schema = @Schema(type = "string", format = "uri-reference")),
                       @Header(name = "Idempotent-Replayed", description = "true when an Idempotency-Key matched an earlier job, which is answered instead",
                               schema = @Schema(type = "string", allowableValues = "true"))},
            content = @Content(schema = @Schema(implementation = ExecuteResponse.class)))
    @ApiResponse(responseCode = "400", description = "The body is not JSON, or not of the shape {\"params\": {...}} (malformed-body); or a bad Idempotency-Key")
    @ApiResponse(responseCode = "404", description = "No task of that name (task-not-found)")
    @ApiResponse(responseCode = "409", description = "The task is disabled (task-disabled)")
    @ApiResponse(responseCode = "413", description = "The body is larger than chapkit.web.max-body-size (payload-too-large)")
    @ApiResponse(responseCode = "415", description = "The body is not application/json")
    @ApiResponse(responseCode = "422", description = "The params were refused, each offending parameter listed (invalid-params); "
            + "or run_at or delay is not a time, is more than a minute in the past, or both are given (invalid-field); "
            + "or an Idempotency-Key came again with other params (idempotency-key-reused)",
            content = @Content(mediaType = PROBLEM, examples = @ExampleObject(value = """
                    {"type": "urn:chapkit:error:invalid-params", "title": "Invalid params", "status": 422,
                     "detail": "2 parameter(s) of task 'greet_user' were refused", "instance": "/api/v1/tasks/greet_user/$execute",
                     "errors": [{"param": "name", "message": "must not be blank"},
                                {"param": "colour", "message": "is not a parameter of this task; it takes greeting, name"}]}""")))
    @ApiResponse(responseCode = "429", description = "Too many jobs wait to start, chapkit.jobs.max-pending (queue-full)",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before trying again", schema = @Schema(type = "integer")))
    @ApiResponse(responseCode = "503", ref = STORE_UNAVAILABLE)
    Object execute(
            @Parameter(example = "greet_user") @PathVariable String name,
            @RequestBody(required = false) @Nullable JsonBody body,
            @Parameter(description = "RFC 7240: wait=N waits up to N seconds (capped by chapkit.jobs.max-wait) and answers 200 with the finished job and its result; "
                    + "when the node already holds chapkit.web.max-waits waits, the 202 comes at once",
                    example = "wait=5") @RequestHeader(name = "Prefer", required = false) @Nullable String prefer,
            @Parameter(description = "A repeat with the same key, task and params returns the first job and runs nothing")
            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey) {
        BoundCall call = bind(name, body);
        Instant now = Times.now();
        Instant runAt = ExecuteRequest.runAt(body == null ? null : body.node(), now);
        JobSubmitter.SubmittedJob job = submitter.submit(call, IdempotencyKeys.check(idempotencyKey), runAt);
        URI location = URI.create("/api/v1/jobs/" + job.jobId());
        ResponseEntity<Object> accepted = ResponseEntity.accepted().location(location).header(HttpHeaders.VARY, "Prefer")
                .headers(headers -> { if (job.replayed()) headers.set("Idempotent-Replayed", "true"); })
                .body(ExecuteResponse.accepted(name, job));
        Duration wait = Preferences.waitOf(prefer, maxWait);
        if (wait == null || runAt != null && runAt.isAfter(now.plus(wait))) {
            // In this dispatch: a deferred result, even a set one, would dispatch the request again. A job that may
            // not start before the wait is over is not waited for.
            return accepted;
        }
        String applied = "wait=" + wait.toSeconds();
        CompletableFuture<ResponseEntity<Object>> answer = submitter.whenFinished(job.jobId(), wait).handle((finished, error) -> {
            if (error != null) {
                log.warn("Job {} ended, but its end could not be read for a Prefer: wait answer: {}", job.jobId(), error.toString());
            }
            return error != null || finished.isEmpty() ? accepted
                    : ResponseEntity.ok().location(location).header(HttpHeaders.VARY, "Prefer").header("Preference-Applied", applied)
                            .body(finished.get());
        });
        if (answer.isDone()) {
            return answer.join(); // no room for another wait on this node (or the job has already ended): answered now
        }
        // The request's own timeout outlasts the wait, whatever the server's async request timeout: a wait that ends
        // without the job's end, or a failure to read that end, is answered with the 202 and the job's id.
        DeferredResult<ResponseEntity<Object>> deferred = new DeferredResult<>(wait.plus(WAIT_MARGIN).toMillis(), accepted);
        answer.thenAccept(deferred::setResult);
        return deferred;
    }

    @PostMapping(path = "/{name}/$validate", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "validateTask", summary = "Check params without running", description = """
            A dry run of $execute: the same checks, in the same order, with the same problems; no job is created. \
            The answer shows the params as a job would store them, every default filled in.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false, content = @Content(
                    schema = @Schema(implementation = ExecuteRequest.class), examples = @ExampleObject(value = """
                            {"params": {"name": "Ada"}}"""))))
    @ApiResponse(responseCode = "200", description = "The params pass", content = @Content(schema = @Schema(implementation = ValidateResponse.class)))
    @ApiResponse(responseCode = "400", description = "The body is not JSON, or not of the shape {\"params\": {...}} (malformed-body)")
    @ApiResponse(responseCode = "404", description = "No task of that name (task-not-found)")
    @ApiResponse(responseCode = "409", description = "The task is disabled (task-disabled)")
    @ApiResponse(responseCode = "413", description = "The body is larger than chapkit.web.max-body-size (payload-too-large)")
    @ApiResponse(responseCode = "415", description = "The body is not application/json")
    @ApiResponse(responseCode = "422", description = "The params were refused, each offending parameter listed (invalid-params); "
            + "or run_at or delay is not a time, is more than a minute in the past, or both are given (invalid-field)")
    ValidateResponse validate(@Parameter(example = "greet_user") @PathVariable String name,
                              @RequestBody(required = false) @Nullable JsonBody body) {
        ValidateResponse checked = ValidateResponse.of(bind(name, body));
        ExecuteRequest.runAt(body == null ? null : body.node(), Times.now());
        return checked;
    }

    /** The one way from a request to a checked call, for $execute and its dry run alike. */
    private BoundCall bind(String name, @Nullable JsonBody body) {
        return registry.call(name, ExecuteRequest.params(body == null ? null : body.node()));
    }
}
