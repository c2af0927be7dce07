package org.chapkit.tasks.job;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * One client's stream against a connection that takes what it is given, or nothing: events in order, the first with
 * the job's params and the later ones without, never a write the connection is not ready for, and a client that
 * falls too far behind cut off.
 */
class EventStreamTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final EventData.Writers WRITERS = EventData.Writers.of(JSON);

    private final Connection connection = new Connection();
    private final AsyncContext async = mock(AsyncContext.class);
    private final List<EventStream> forgotten = new ArrayList<>();
    private final EventStream stream = new EventStream("01M8BWY9HRFDR365K6SWHK51GS", async, connection, forgotten::add);

    @Test
    void writesNothingUntilTheConnectionIsReadyThenEveryEventInOrder() {
        stream.send(job(JobStatus.RUNNING, null), data(JobStatus.RUNNING, null), false);
        stream.send(job(JobStatus.RUNNING, 0.5), data(JobStatus.RUNNING, 0.5), false);
        assertThat(connection.text()).isEmpty();

        connection.ready(stream);

        assertThat(connection.text()).startsWith("id:1\nevent:running\ndata:{").contains("\"params\":{\"big\":\"")
                .contains("\n\nid:2\nevent:progress\ndata:{").endsWith("}\n\n");
        String second = connection.text().substring(connection.text().indexOf("id:2"));
        assertThat(second).doesNotContain("params").contains("\"fraction\":0.5");
        assertThat(connection.flushes).isPositive();
    }

    @Test
    void sendsAStateOnlyWhenItChangedAndClosesAfterTheEndOnceWritten() {
        connection.ready(stream);
        stream.send(job(JobStatus.RUNNING, 0.5), data(JobStatus.RUNNING, 0.5), false);
        stream.send(job(JobStatus.RUNNING, 0.5), data(JobStatus.RUNNING, 0.5), false);
        connection.stall();
        stream.send(job(JobStatus.COMPLETED, 1.0), data(JobStatus.COMPLETED, 1.0), true);
        verify(async, never()).complete();

        connection.ready(stream);

        assertThat(connection.text().split("\n\n")).hasSize(2);
        assertThat(connection.text()).contains("event:completed");
        verify(async).complete();
        assertThat(forgotten).containsExactly(stream);
    }

    @Test
    void aClientTooFarBehindIsCutOffAndForgottenOnce() {
        connection.ready(stream);
        connection.stall();
        for (int i = 0; i < EventStream.MAX_BEHIND; i++) {
            stream.send(job(JobStatus.RUNNING, i / 100.0), data(JobStatus.RUNNING, i / 100.0), false);
            assertThat(forgotten).as("after %d events", i + 1).isEmpty();
        }
        stream.send(job(JobStatus.RUNNING, 0.9), data(JobStatus.RUNNING, 0.9), false);

        verify(async).complete();
        assertThat(forgotten).containsExactly(stream);
        stream.onComplete(null); // the container's word that the response is complete
        assertThat(forgotten).containsExactly(stream);
    }

    @Test
    void aPingIsACommentLineWrittenOnlyWhenNothingElseWaits() {
        connection.ready(stream);
        stream.ping();
        assertThat(connection.text()).isEqualTo(":\n\n");

        connection.stall();
        stream.send(job(JobStatus.RUNNING, 0.5), data(JobStatus.RUNNING, 0.5), false);
        stream.ping();
        connection.ready(stream);
        assertThat(connection.text()).startsWith(":\n\nid:1\n").doesNotContain("}\n\n:");
    }

    @Test
    void aLargeEventIsHandedOverInSlicesOnlyWhileTheConnectionTakesThem() {
        connection.ready(stream);
        connection.acceptOnly(20_000);
        stream.send(job(JobStatus.RUNNING, null), data(JobStatus.RUNNING, null), false);

        assertThat(connection.bytes.size()).isBetween(20_000, 20_000 + 8192);
        assertThat(connection.writesWhileNotReady).isZero();

        connection.acceptOnly(Integer.MAX_VALUE);
        connection.ready(stream);
        assertThat(connection.text()).endsWith("}\n\n").contains("\"big\":\"" + "x".repeat(100_000) + "\"");
    }

    private static Job job(JobStatus status, Double fraction) {
        return new Job("01M8BWY9HRFDR365K6SWHK51GS", "test_task", JSON.createObjectNode().put("big", "x".repeat(100_000)), status,
                Instant.parse("2026-11-26T12:23:01Z"), null, null, fraction == null ? null : new Job.Progress(fraction, null), null, null,
                null, "01M8BWY9HRFDR365K6SWHK51GT", 1, 1, null, 0, null, null);
    }

    private static EventData data(JobStatus status, Double fraction) {
        Job job = job(status, fraction);
        return new EventData(job, WRITERS, () -> WRITERS.params().writeValueAsBytes(job.params()));
    }

    /** A non-blocking connection: ready, or not until told; when not, a write would be a misuse. */
    private static final class Connection extends ServletOutputStream {

        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int flushes;
        int writesWhileNotReady;
        private boolean ready;
        private int room = Integer.MAX_VALUE;

        void ready(WriteListener listener) {
            ready = true;
            try {
                listener.onWritePossible();
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }

        void stall() {
            ready = false;
        }

        /** Takes this many more bytes, then stalls. */
        void acceptOnly(int bytes) {
            room = bytes;
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        @Override
        public boolean isReady() {
            if (ready && room <= 0) {
                ready = false;
            }
            return ready;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (!ready) {
                writesWhileNotReady++;
            }
            bytes.write(b, off, len);
            room -= len;
        }

        @Override
        public void flush() {
            if (!ready) {
                writesWhileNotReady++;
            }
            flushes++;
        }
    }
}
