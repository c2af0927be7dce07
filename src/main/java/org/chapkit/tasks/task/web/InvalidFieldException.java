package org.chapkit.tasks.task.web;

/** A field of a request body, other than a task's params, has a value the service cannot act on. */
public class InvalidFieldException extends RuntimeException {

    private final String field;

    public InvalidFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The field's name as the client wrote it. */
    public String field() {
        return field;
    }
}
