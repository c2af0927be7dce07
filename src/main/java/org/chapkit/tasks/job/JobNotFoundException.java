package org.chapkit.tasks.job;

/** No job has that id. */
public class JobNotFoundException extends RuntimeException {

    public JobNotFoundException(String id) {
        super("no job with id " + id);
    }
}
