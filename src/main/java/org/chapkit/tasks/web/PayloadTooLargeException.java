package org.chapkit.tasks.web;

import java.io.IOException;

/** A request body went over {@code chapkit.web.max-body-size} while it was being read. */
class PayloadTooLargeException extends IOException {

    PayloadTooLargeException(long limit) {
        super("the request body is larger than the limit of " + limit + " bytes");
    }
}
