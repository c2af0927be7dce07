package org.chapkit.tasks.web;

import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the service's own types (request bodies; jobs, tasks, artifacts, pages) with the service's
 * mapper, ahead of the application's JSON converter: the API looks the same in every application, whatever its
 * Jackson settings. Every other type, the application's included, is left to the application's converters.
 */
final class ChapkitJsonConverter extends JacksonJsonHttpMessageConverter {

    private static final String OURS = "org.chapkit.tasks.";

    ChapkitJsonConverter(JsonMapper mapper) {
        super(mapper);
    }

    @Override
    public boolean canRead(ResolvableType type, @Nullable MediaType mediaType) {
        Class<?> raw = type.resolve();
        return raw != null && ours(raw) && super.canRead(type, mediaType);
    }

    @Override
    public boolean canWrite(ResolvableType type, Class<?> valueClass, @Nullable MediaType mediaType) {
        return ours(valueClass) && super.canWrite(type, valueClass, mediaType);
    }

    private static boolean ours(Class<?> type) {
        return type.getName().startsWith(OURS);
    }
}
