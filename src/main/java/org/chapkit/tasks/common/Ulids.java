package org.chapkit.tasks.common;

import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

import com.github.f4b6a3.ulid.Ulid;
import com.github.f4b6a3.ulid.UlidCreator;

/** ULIDs: new ones (monotonic within a millisecond), and checking ids that clients send. */
public final class Ulids {

    private static final Pattern ULID = Pattern.compile("^[0-7][0-9A-HJKMNP-TV-Z]{25}$");

    private Ulids() {
    }

    public static String next() {
        return UlidCreator.getMonotonicUlid().toString();
    }

    /** An id made at {@code time}, as a job submitted then gets. */
    public static String at(Instant time) {
        return UlidCreator.getMonotonicUlid(time.toEpochMilli()).toString();
    }

    /** The smallest id made after {@code time}'s millisecond: every id made before or in it is smaller. */
    public static String after(Instant time) {
        return Ulid.min(time.toEpochMilli() + 1).toString();
    }

    /**
     * The canonical (upper-case) form of {@code id}.
     *
     * @throws InvalidIdException when it is not a ULID
     */
    public static String parse(String kind, String id) {
        String upper = id.toUpperCase(Locale.ROOT);
        if (!ULID.matcher(upper).matches()) {
            throw new InvalidIdException(kind, id);
        }
        return upper;
    }

    /** An id in a path is not a ULID. */
    public static class InvalidIdException extends RuntimeException {

        public InvalidIdException(String kind, String id) {
            super("'" + (id.length() > 40 ? id.substring(0, 40) + "..." : id) + "' is not a valid " + kind
                    + " id: ids are ULIDs, 26 characters of Crockford base32");
        }
    }
}
