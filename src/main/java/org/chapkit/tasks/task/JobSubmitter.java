package org.chapkit.tasks.task;

/** Where a checked request goes to become a job. The job room implements it; the task room only calls it. */
public interface JobSubmitter {

    /** Accepts {@code call} as a job and returns at once; the task runs in the background. */
    SubmittedJob submit(BoundCall call);

    /**
     * The ids a client gets back for an accepted job.
     *
     * @param jobId      the job's ULID
     * @param artifactId the ULID of the artifact that will hold its result
     */
    record SubmittedJob(String jobId, String artifactId) {
    }
}
