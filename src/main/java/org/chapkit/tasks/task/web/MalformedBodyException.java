package org.chapkit.tasks.task.web;

/** The request body is JSON but not of the shape the route takes (for example {@code params} is not an object). */
public class MalformedBodyException extends RuntimeException {

    public MalformedBodyException(String message) {
        super(message);
    }
}
