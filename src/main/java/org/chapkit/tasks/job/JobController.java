package org.chapkit.tasks.job;

import java.io.IOException;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.chapkit.tasks.common.InvalidQueryException;
import org.chapkit.tasks.common.Page;
import org.chapkit.tasks.common.PageRequest;
import org.chapkit.tasks.common.Ulids;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The job routes: list, get, cancel, delete. */
@RestController
@RequestMapping(path = "/api/v1/jobs", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Jobs", description = "Jobs that executed tasks create: watch them, cancel them, delete them")
class JobController {

    // Added to the document by the web room's ApiDocsCustomizer, which also gives every error response its Problem schema.
    private static final String STORE_UNAVAILABLE = "#/components/responses/StoreUnavailable";

    private final JobService jobs;

    JobController(JobService jobs) {
        this.jobs = jobs;
    }

    @GetMapping
    @Operation(operationId = "listJobs", summary = "List jobs", description = "Newest first, optionally only one status or one task.")
    @ApiResponse(responseCode = "200", description = "A page of jobs")
    @ApiResponse(responseCode = "400", description = "A filter or page value is not valid (bad-request, with errors)")
    @ApiResponse(responseCode = "503", ref = STORE_UNAVAILABLE)
    Page<Job> list(@Parameter(description = "pending, running, completed, failed or canceled") @RequestParam(required = false) @Nullable String status,
                   @Parameter(description = "only jobs of this task") @RequestParam(name = "task_name", required = false) @Nullable String taskName,
                   @Parameter(description = "page number, from 1") @RequestParam(defaultValue = "1") int page,
                   @Parameter(description = "page size, 1 to 1000") @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size) {
        JobStatus wanted = null;
        if (status != null && !status.isBlank()) {
            wanted = JobStatus.parse(status);
            if (wanted == null) {
                throw new InvalidQueryException("status", "must be one of pending, running, completed, failed, canceled");
            }
        }
        return jobs.list(wanted, taskName == null || taskName.isBlank() ? null : taskName, new PageRequest(page, size));
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getJob", summary = "Get a job")
    @ApiResponse(responseCode = "200", description = "The job")
    @ApiResponse(responseCode = "400", description = "The id is not a ULID (invalid-id)")
    @ApiResponse(responseCode = "404", description = "No job with that id (job-not-found)")
    @ApiResponse(responseCode = "503", ref = STORE_UNAVAILABLE)
    Job get(@PathVariable String id) {
        return jobs.get(Ulids.parse("job", id));
    }

    @PostMapping("/{id}/$cancel")
    @Operation(operationId = "cancelJob", summary = "Cancel a job", description = "A pending job is canceled at once and never starts; a running one is interrupted and ends canceled.")
    @ApiResponse(responseCode = "202", description = "The job, canceled or being canceled")
    @ApiResponse(responseCode = "400", description = "The id is not a ULID (invalid-id)")
    @ApiResponse(responseCode = "404", description = "No job with that id (job-not-found)")
    @ApiResponse(responseCode = "409", description = "The job has already ended (job-finished)")
    @ApiResponse(responseCode = "503", ref = STORE_UNAVAILABLE)
    ResponseEntity<Job> cancel(@PathVariable String id) {
        return ResponseEntity.accepted().body(jobs.cancel(Ulids.parse("job", id)));
    }

    @PostMapping("/{id}/$rerun")
    @Operation(operationId = "rerunJob", summary = "Run a job again", description = """
            A new job of the same task with the same params, checked again as $execute checks them (the task may \
            have changed since); its rerun_of names the job it came from. The first job may have ended or not.""")
    @ApiResponse(responseCode = "202", description = "The new job, pending", headers = @Header(name = "Location",
            description = "The new job", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "400", description = "The id is not a ULID (invalid-id)")
    @ApiResponse(responseCode = "404", description = "No job with that id (job-not-found), or its task is gone (task-not-found)")
    @ApiResponse(responseCode = "409", description = "The task is disabled (task-disabled)")
    @ApiResponse(responseCode = "422", description = "The task no longer accepts the job's params (invalid-params, with errors)")
    @ApiResponse(responseCode = "429", description = "Too many jobs are pending (queue-full)")
    @ApiResponse(responseCode = "503", ref = STORE_UNAVAILABLE)
    ResponseEntity<Job> rerun(@PathVariable String id) {
        Job job = jobs.rerun(Ulids.parse("job", id));
        return ResponseEntity.accepted().location(URI.create("/api/v1/jobs/" + job.id())).body(job);
    }

    @PostMapping("/$cancel")
    @Operation(operationId = "cancelJobs", summary = "Cancel many jobs", description = """
            Cancels every job that has not ended, or only those of one task, or only pending or only running ones: \
            a pending job is canceled at once, a running one is asked to stop and ends canceled soon after.""")
    @ApiResponse(responseCode = "200", description = "How many jobs were canceled or asked to stop")
    @ApiResponse(responseCode = "400", description = "A status other than pending or running (bad-request, with errors)")
    @ApiResponse(responseCode = "503", ref = STORE_UNAVAILABLE)
    CanceledJobs cancelAll(
            @Parameter(description = "only jobs of this task") @RequestParam(name = "task_name", required = false) @Nullable String taskName,
            @Parameter(description = "pending and/or running (repeatable); both when absent")
            @RequestParam(name = "status", required = false) @Nullable List<String> status) {
        Set<JobStatus> wanted = EnumSet.noneOf(JobStatus.class);
        for (String value : status == null ? List.<String>of() : status) {
            for (String one : value.split(",", -1)) {
                JobStatus parsed = JobStatus.parse(one.strip());
                if (parsed != JobStatus.PENDING && parsed != JobStatus.RUNNING) {
                    throw new InvalidQueryException("status", "must be pending or running");
                }
                wanted.add(parsed);
            }
        }
        if (wanted.isEmpty()) {
            wanted = EnumSet.of(JobStatus.PENDING, JobStatus.RUNNING);
        }
        return new CanceledJobs(jobs.cancelAll(wanted, taskName == null || taskName.isBlank() ? null : taskName));
    }

    /**
     * The answer to a bulk cancel.
     *
     * @param canceled how many jobs were canceled, or asked to stop when running
     */
    @Schema(name = "CanceledJobs")
    record CanceledJobs(int canceled) {
    }

    @GetMapping(path = "/{id}/$stream", produces = {MediaType.TEXT_EVENT_STREAM_VALUE, MediaType.APPLICATION_JSON_VALUE})
    @Operation(operationId = "streamJob", summary = "Watch a job", description = """
            Server-Sent Events: the job's current state at once, then one event per status or progress change as it \
            happens, with the status (or "progress") as its event name; the stream closes after the event of the \
            final status. The first event's data is the Job; the later ones' the Job without params, which never \
            change. A client that falls far behind is disconnected, and starts again from the current state when it \
            comes back.""")
    @ApiResponse(responseCode = "200", description = "The event stream", content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
            schema = @Schema(type = "string", description = "Server-Sent Events; the first one's data is the Job JSON, the later ones' the Job JSON without params")))
    @ApiResponse(responseCode = "400", description = "The id is not a ULID (invalid-id)")
    @ApiResponse(responseCode = "404", description = "No job with that id (job-not-found)")
    @ApiResponse(responseCode = "429", description = "This node has chapkit.web.max-streams streams open (too-many-watchers)",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before trying again", schema = @Schema(type = "integer")))
    @ApiResponse(responseCode = "503", ref = STORE_UNAVAILABLE)
    void stream(@PathVariable String id, HttpServletRequest request, HttpServletResponse response) throws IOException {
        jobs.stream(Ulids.parse("job", id), request, response);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteJob", summary = "Delete a job", description = "Cancels it first if it has not ended. Its artifacts stay.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "400", description = "The id is not a ULID (invalid-id)")
    @ApiResponse(responseCode = "404", description = "No job with that id (job-not-found)")
    @ApiResponse(responseCode = "503", ref = STORE_UNAVAILABLE)
    void delete(@PathVariable String id) {
        jobs.delete(Ulids.parse("job", id));
    }
}
