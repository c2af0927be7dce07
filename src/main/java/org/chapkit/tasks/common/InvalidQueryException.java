package org.chapkit.tasks.common;

/** A query parameter of a listing is out of its range or not one of its values. */
public class InvalidQueryException extends RuntimeException {

    private final String param;

    public InvalidQueryException(String param, String message) {
        super(message);
        this.param = param;
    }

    public String param() {
        return param;
    }
}
