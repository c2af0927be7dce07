package org.chapkit.tasks.common;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The service's clock: UTC instants to the millisecond, as the API writes them ({@code 2026-11-26T10:15:30.123Z}). */
public final class Times {

    private Times() {
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
