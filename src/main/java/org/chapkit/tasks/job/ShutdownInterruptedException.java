package org.chapkit.tasks.job;

/** The engine stopped while a job ran; the job is left to the crash policy of the next start. */
class ShutdownInterruptedException extends RuntimeException {

    ShutdownInterruptedException(String jobId) {
        super("job " + jobId + " was still running when the service stopped");
    }
}
