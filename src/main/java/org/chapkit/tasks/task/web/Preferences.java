package org.chapkit.tasks.task.web;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/** Reads the {@code wait} preference of an RFC 7240 {@code Prefer} header. */
final class Preferences {

    private Preferences() {
    }

    /**
     * The wait asked for, cut to {@code max}; {@code null} when the header asks for no wait (absent, no
     * {@code wait} preference, a value that is not a whole number of seconds, or 0).
     */
    static @Nullable Duration waitOf(@Nullable String prefer, Duration max) {
        if (prefer == null) {
            return null;
        }
        for (String preference : prefer.split(",")) {
            // -1 keeps empty parts: ";;" has a first part, an empty one
            String[] parts = preference.split(";", -1)[0].trim().split("=", 2);
            if (parts.length == 2 && parts[0].trim().equalsIgnoreCase("wait")) {
                try {
                    long seconds = Long.parseLong(parts[1].trim().replace("\"", ""));
                    if (seconds <= 0) {
                        return null;
                    }
                    return Duration.ofSeconds(seconds).compareTo(max) > 0 ? max : Duration.ofSeconds(seconds);
                } catch (NumberFormatException e) {
                    return null; // RFC 7240: a preference that cannot be understood is ignored
                }
            }
        }
        return null;
    }
}
