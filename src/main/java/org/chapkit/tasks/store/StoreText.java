package org.chapkit.tasks.store;

import org.jspecify.annotations.Nullable;

/** Text the store accepts whatever a task put in it: no NUL characters (PostgreSQL refuses them), a bounded length. */
public final class StoreText {

    private StoreText() {
    }

    /**
     * {@code text} with NUL characters replaced by U+FFFD and, past {@code maxChars}, cut and marked
     * {@code … [cut: N more characters]}.
     */
    public static @Nullable String clip(@Nullable String text, int maxChars) {
        if (text == null) {
            return null;
        }
        String clean = text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
        if (clean.length() <= maxChars) {
            return clean;
        }
        int end = Character.isHighSurrogate(clean.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
        return clean.substring(0, end) + "… [cut: " + (clean.length() - end) + " more characters]";
    }
}
