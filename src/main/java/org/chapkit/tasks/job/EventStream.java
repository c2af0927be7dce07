package org.chapkit.tasks.job;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.function.Consumer;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import org.jspecify.annotations.Nullable;

/**
 * One client's Server-Sent Event stream of a job, written without ever blocking a thread. The watch only queues
 * events here; they are written while the connection takes them (the Servlet API's non-blocking output), by the
 * thread that queued them or by the container once the connection has room again. A client that falls
 * {@link #MAX_BEHIND} events behind, too slow or gone, is disconnected: it costs the node no more than that
 * queue, and when it comes back its stream starts again from the job's current state.
 */
final class EventStream implements WriteListener, AsyncListener {

    /** Events a stream may have waiting; one more and it is ended. */
    static final int MAX_BEHIND = 32;
    /** The most handed to the container at once, so that a large event is held here, shared, not copied per client. */
    private static final int SLICE = 8192;
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PING = ":\n\n".getBytes(StandardCharsets.US_ASCII);

    final String jobId;
    private final AsyncContext async;
    private final ServletOutputStream out;
    private final Consumer<EventStream> onClose;

    // Guarded by this: the writing side, used by the watch's worker and by container threads.
    private final Deque<ByteBuffer[]> queue = new ArrayDeque<>();
    private ByteBuffer @Nullable [] writing;
    private int part;
    private boolean writable; // the container has said the connection may be written to
    private boolean flushDue;
    private boolean ending;
    private boolean closed;
    private boolean forgotten;

    // Used by the watch's worker only: the state this client was last sent (not the job, which holds the params).
    private @Nullable JobStatus lastStatus;
    private Job.@Nullable Progress lastProgress;
    private long sequence;

    EventStream(String jobId, AsyncContext async, ServletOutputStream out, Consumer<EventStream> onClose) {
        this.jobId = jobId;
        this.async = async;
        this.out = out;
        this.onClose = onClose;
    }

    /** Starts listening to the connection; writing starts when the container first says it may. */
    void start() {
        async.addListener(this);
        out.setWriteListener(this);
    }

    /**
     * Queues the job's state if it differs from the last one sent (status or progress): the first event with the
     * whole job, the later ones without its params. After the job's end the stream closes, once written.
     */
    void send(@Nullable Job job, @Nullable EventData data, boolean ended) {
        if (job != null && data != null && (job.status() != lastStatus || !Objects.equals(job.progress(), lastProgress))) {
            String name = job.status() != lastStatus ? job.status().value() : "progress";
            byte[] head = ("id:" + ++sequence + "\nevent:" + name + "\ndata:").getBytes(StandardCharsets.UTF_8);
            ByteBuffer[] body = lastStatus == null ? data.whole() : data.withoutParams();
            ByteBuffer[] event = new ByteBuffer[body.length + 2];
            event[0] = ByteBuffer.wrap(head);
            System.arraycopy(body, 0, event, 1, body.length);
            event[event.length - 1] = ByteBuffer.wrap(END);
            offer(event);
            lastStatus = job.status();
            lastProgress = job.progress();
        }
        if (ended) {
            end();
        }
    }

    /**
     * A comment line, if nothing else waits to be written: it keeps proxies from closing a quiet stream, and lets the
     * node notice a client that has gone (a write to a closed connection fails, at the latest the one after it).
     */
    void ping() {
        synchronized (this) {
            if (writing != null || !queue.isEmpty()) {
                return;
            }
        }
        offer(new ByteBuffer[] {ByteBuffer.wrap(PING)});
    }

    private void offer(ByteBuffer[] event) {
        boolean finished;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (queue.size() >= MAX_BEHIND) {
                finished = true; // too far behind
                drop();
            } else {
                queue.add(event);
                finished = pump();
            }
        }
        if (finished) {
            finish();
        }
    }

    /** Closes the stream once what is queued has been written. */
    void end() {
        boolean finished;
        synchronized (this) {
            ending = true;
            finished = pump();
        }
        if (finished) {
            finish();
        }
    }

    @Override
    public void onWritePossible() {
        boolean finished;
        synchronized (this) {
            writable = true;
            finished = pump();
        }
        if (finished) {
            finish();
        }
    }

    /**
     * Writes while the connection takes it; when it does not, the container calls {@link #onWritePossible()} once it
     * does. In non-blocking mode {@code isReady()}, a write and a flush never block. True when the stream is done:
     * its last event written, or its client gone.
     */
    private boolean pump() {
        try {
            while (writable && !closed && out.isReady()) {
                if (writing == null) {
                    if (flushDue) {
                        flushDue = false;
                        out.flush();
                        continue;
                    }
                    writing = queue.poll();
                    part = 0;
                    if (writing == null) {
                        closed = ending;
                        return ending;
                    }
                }
                ByteBuffer buffer = writing[part];
                int length = Math.min(SLICE, buffer.remaining());
                out.write(buffer.array(), buffer.arrayOffset() + buffer.position(), length);
                buffer.position(buffer.position() + length);
                if (!buffer.hasRemaining() && ++part == writing.length) {
                    writing = null;
                    flushDue = true;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            drop(); // the client has gone
            return true;
        }
    }

    private void drop() {
        closed = true;
        queue.clear();
        writing = null;
    }

    /** Ends the stream now, whatever is still queued. */
    void close() {
        synchronized (this) {
            drop();
        }
        finish();
    }

    /** Completes the response (outside this stream's lock, as the container may call back) and lets the watch forget it. */
    private void finish() {
        try {
            async.complete();
        } catch (IllegalStateException e) {
            // already completed
        }
        boolean first;
        synchronized (this) {
            first = !forgotten;
            forgotten = true;
        }
        if (first) {
            onClose.accept(this);
        }
    }

    @Override
    public void onError(Throwable error) {
        close();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        close();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        close();
    }

    @Override
    public void onError(AsyncEvent event) {
        close();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not started again
    }
}
