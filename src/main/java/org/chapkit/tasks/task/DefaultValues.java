package org.chapkit.tasks.task;

import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

/** Reads {@link TaskParam#defaultValue()} texts: plain text for string-like types, a JSON literal otherwise. */
final class DefaultValues {

    private static final JsonMapper JSON = JsonMapper.shared();

    private DefaultValues() {
    }

    static String toJson(String text, Class<?> rawType) {
        if (isTextual(rawType)) {
            return JSON.writeValueAsString(text);
        }
        return text.trim();
    }

    private static boolean isTextual(Class<?> type) {
        return CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class
                || type.isEnum() || TimeTypes.isTimeType(type) || type == UUID.class;
    }
}
