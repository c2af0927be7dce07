package org.chapkit.tasks.task.web;

/** A request header the route reads has a value it cannot use. */
public class BadHeaderException extends RuntimeException {

    private final String header;

    public BadHeaderException(String header, String message) {
        super(header + ": " + message);
        this.header = header;
    }

    public String header() {
        return header;
    }
}
