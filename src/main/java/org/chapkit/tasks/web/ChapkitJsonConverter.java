package org.chapkit.tasks.web;

import java.io.IOException;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.chapkit.tasks.job.Job;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotWritableException;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import tools.jackson.databind.annotation.JsonSerialize;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.ser.std.NullSerializer;

/**
 * Reads and writes the service's own types (request bodies; jobs, tasks, artifacts, pages) with the service's
 * mapper, ahead of the application's JSON converter: the API looks the same in every application, whatever its
 * Jackson settings. Every other type, the application's included, is left to the application's converters.
 * <p>
 * A job's {@code error_traceback} (classes, files, lines) is written only for a caller with the admin role; for
 * anyone else it is {@code null}.
 */
final class ChapkitJsonConverter extends JacksonJsonHttpMessageConverter {

    private static final String OURS = "org.chapkit.tasks.";

    private final @Nullable ChapkitJsonConverter withoutTracebacks;
    private final BooleanSupplier seesTracebacks;

    ChapkitJsonConverter(JsonMapper mapper, BooleanSupplier seesTracebacks) {
        super(mapper);
        this.seesTracebacks = seesTracebacks;
        this.withoutTracebacks = new ChapkitJsonConverter(mapper.rebuild().addMixIn(Job.class, NoTraceback.class).build());
    }

    private ChapkitJsonConverter(JsonMapper mapper) {
        super(mapper);
        this.seesTracebacks = () -> false;
        this.withoutTracebacks = null;
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

    @Override
    protected void writeInternal(Object object, ResolvableType type, HttpOutputMessage output, @Nullable Map<String, Object> hints)
            throws IOException, HttpMessageNotWritableException {
        if (withoutTracebacks != null && !seesTracebacks.getAsBoolean()) {
            withoutTracebacks.writeInternal(object, type, output, hints);
        } else {
            super.writeInternal(object, type, output, hints);
        }
    }

    private static boolean ours(Class<?> type) {
        return type.getName().startsWith(OURS);
    }

    /** A job as a caller without the admin role sees it. */
    private abstract static class NoTraceback {

        @JsonSerialize(using = NullSerializer.class)
        abstract @Nullable String errorTraceback();
    }
}
