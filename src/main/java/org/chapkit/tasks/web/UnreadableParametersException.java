package org.chapkit.tasks.web;

/** The request's parameters cannot be decoded: bad percent-encoding or invalid UTF-8 in the query string, or too many. */
class UnreadableParametersException extends RuntimeException {

    UnreadableParametersException(IllegalStateException cause) {
        super("the query string cannot be decoded: bad percent-encoding, invalid UTF-8 or too many parameters", cause);
    }
}
