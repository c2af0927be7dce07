package org.chapkit.tasks.job;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.annotation.JsonSerialize;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.ser.std.NullSerializer;

/**
 * A job's state as the data of its stream events, written to JSON once for all the streams of the job, and only
 * when one of them has something to send: the Job without its params for every event but a stream's first, which
 * carries the whole Job, params last. The params' JSON comes from the watch, which keeps one copy per job.
 */
final class EventData {

    private static final byte[] PARAMS = ",\"params\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "}".getBytes(StandardCharsets.US_ASCII);

    private final Job job;
    private final Writers writers;
    private final Supplier<byte[]> params;
    private byte @Nullable [] json;

    /** @param params the JSON of the job's params, as {@link Writers#params()} writes it */
    EventData(Job job, Writers writers, Supplier<byte[]> params) {
        this.job = job;
        this.writers = writers;
        this.params = params;
    }

    /**
     * How a job is written for its streams: with the service's JSON rules, on one line (a line break would end an
     * event's data), the Job without its params (and with a null error_traceback), and the params alone.
     */
    record Writers(ObjectWriter withoutParams, ObjectWriter params) {

        /** Streams are shared by all their watchers, whatever their roles: a traceback is for admins, through GET. */
        @JsonIgnoreProperties("params")
        private abstract static class WithoutParams {

            @JsonSerialize(using = NullSerializer.class)
            abstract @Nullable String errorTraceback();
        }

        static Writers of(JsonMapper json) {
            JsonMapper oneLine = json.rebuild().disable(SerializationFeature.INDENT_OUTPUT).build();
            return new Writers(oneLine.rebuild().addMixIn(Job.class, WithoutParams.class).build().writer(), oneLine.writer());
        }
    }

    /** The Job JSON without {@code params}. */
    ByteBuffer[] withoutParams() {
        return new ByteBuffer[] {ByteBuffer.wrap(json())};
    }

    /** The whole Job JSON: the one without params, its closing brace moved behind {@code "params": ...}. */
    ByteBuffer[] whole() {
        byte[] rest = json();
        return new ByteBuffer[] {ByteBuffer.wrap(rest, 0, rest.length - 1), ByteBuffer.wrap(PARAMS), ByteBuffer.wrap(params.get()),
                ByteBuffer.wrap(CLOSE)};
    }

    private byte[] json() {
        if (json == null) {
            json = writers.withoutParams().writeValueAsBytes(job);
        }
        return json;
    }
}
