package org.chapkit.tasks.task.web;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JSON Schema's {@code date}, {@code time} and {@code date-time} formats as RFC 3339 (section 5.6) defines them,
 * checked apart from any pattern: the schemas name a format only where their pattern admits nothing else.
 */
final class Rfc3339 {

    private static final String FULL_DATE = "(\\d{4})-(\\d{2})-(\\d{2})";
    private static final String FULL_TIME = "(\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+)?([Zz]|[+-](\\d{2}):(\\d{2}))";
    private static final Map<String, Pattern> FORMATS = Map.of(
            "date", Pattern.compile(FULL_DATE), "time", Pattern.compile(FULL_TIME),
            "date-time", Pattern.compile(FULL_DATE + "[Tt]" + FULL_TIME));

    /** RFC 3339's grammar and its limits on each field. */
    static boolean isValid(String format, String text) {
        Matcher m = FORMATS.get(format).matcher(text);
        if (!m.matches()) {
            return false;
        }
        int group = 1;
        if (!format.equals("time")) {
            try {
                LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            } catch (DateTimeException e) {
                return false;
            }
            group = 4;
        }
        if (format.equals("date")) {
            return true;
        }
        int offsetHour = m.group(group + 5) == null ? 0 : Integer.parseInt(m.group(group + 5));
        int offsetMinute = m.group(group + 6) == null ? 0 : Integer.parseInt(m.group(group + 6));
        return Integer.parseInt(m.group(group)) <= 23 && Integer.parseInt(m.group(group + 1)) <= 59
                && Integer.parseInt(m.group(group + 2)) <= 60 && offsetHour <= 23 && offsetMinute <= 59;
    }

    static boolean knows(String format) {
        return FORMATS.containsKey(format);
    }

    private Rfc3339() {
    }
}
