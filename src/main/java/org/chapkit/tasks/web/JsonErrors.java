package org.chapkit.tasks.web;

import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;

/**
 * Says why a body is not JSON in the parser's words, less its insides: the settings it names ({@code enable
 * `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow}), the type it was reading into, its redacted source; plus
 * where it went wrong, as line and column.
 */
final class JsonErrors {

    /** The parts of a parser's message that speak of the parser, not of the input; each is left out. */
    private static final Pattern[] INSIDES = {
            Pattern.compile("\\s*\\(start marker at \\[Source: [^\\]]*\\]\\)"),
            Pattern.compile("\\s*\\[Source: [^\\]]*\\]"),
            Pattern.compile("\\s*\\(bound as `[^`]*`\\)"),
            Pattern.compile(":? not allowed as per `[^`]*`"),
            Pattern.compile(":? ?enable `[^`]*` to allow"),
            Pattern.compile(", from `[^`]*`"),
            Pattern.compile("\\s*\\(not recognized as one since Feature '\\w+' not enabled for parser\\)")};
    /** A name the parser quotes, such as {@code `JsonToken.START_OBJECT`}: its last part is what it says. */
    private static final Pattern QUOTED_NAME = Pattern.compile("`(?:[\\w$]+\\.)*([\\w$]+)(?:\\(\\))?`");

    private JsonErrors() {
    }

    static String describe(JacksonException e) {
        String message = e.getOriginalMessage();
        for (Pattern insides : INSIDES) {
            message = insides.matcher(message).replaceAll("");
        }
        message = QUOTED_NAME.matcher(message).replaceAll("$1").strip();
        return message + locationOf(e);
    }

    private static String locationOf(JacksonException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 0 ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
