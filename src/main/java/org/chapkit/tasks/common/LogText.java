package org.chapkit.tasks.common;

import org.jspecify.annotations.Nullable;

/**
 * Text from outside (params, a task's error, a request) as it goes into a log line: CR and LF are written as
 * {@code \r} and {@code \n}, tab as {@code \t}, and every other control character or line separator as
 * {@code \}{@code uXXXX}, so that the text stays on its line and cannot pass for a line of its own.
 */
public final class LogText {

    private LogText() {
    }

    /** {@code value}'s text, escaped; the same string when there is nothing to escape. */
    public static String escape(@Nullable Object value) {
        String text = String.valueOf(value);
        int first = 0;
        while (first < text.length() && !needsEscape(text.charAt(first))) {
            first++;
        }
        if (first == text.length()) {
            return text;
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\r' -> escaped.append("\\r");
                case '\n' -> escaped.append("\\n");
                case '\t' -> escaped.append("\\t");
                default -> {
                    if (needsEscape(c)) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }

    private static boolean needsEscape(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }
}
