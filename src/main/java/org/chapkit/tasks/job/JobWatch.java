package org.chapkit.tasks.job;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.chapkit.tasks.common.ChapkitJson;
import org.chapkit.tasks.config.ChapkitProperties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Watches jobs for clients: Server-Sent Event streams and {@code Prefer: wait} requests, at most
 * {@code chapkit.web.max-streams} and {@code max-waits} of each on this node. Neither holds a thread while it waits.
 * A change this node makes is pushed as soon as it is committed ({@link JobEvents}); a change made on another node
 * is picked up by a once-a-second look at the watched jobs. One thread reads a changed job once and hands it to its
 * watchers, in order, without ever waiting for one of them: a stream only queues it ({@link EventStream}), and a
 * wait is answered on a thread of its own.
 */
@Component
class JobWatch implements JobEvents.Listener, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(JobWatch.class);
    /** How often a stream gets a comment line, so that one whose client has gone is noticed on a quiet job too. */
    private static final long PING_SECONDS = 15;
    /** What a client refused a stream is asked to wait: streams end as their jobs do. */
    private static final long STREAM_RETRY_AFTER_SECONDS = 5;

    private final JobRepository jobs;
    private final EventData.Writers writers;
    private final Duration streamTimeout;
    private final int maxStreams;
    private final Semaphore streamSlots;
    private final Semaphore waitSlots;
    private final Map<String, JobStreams> streams = new ConcurrentHashMap<>();
    private final Map<String, Set<CompletableFuture<Optional<Job>>>> waits = new ConcurrentHashMap<>();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(daemon("chapkit-job-watch"));
    /** Answers waits: what follows a wait's end (reading the job's result) is no business of the worker's. */
    private final ThreadPoolExecutor answers = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            daemon("chapkit-job-wait"));

    JobWatch(JobRepository jobs, JobEvents events, @ChapkitJson JsonMapper json, ChapkitProperties properties) {
        this.jobs = jobs;
        this.writers = EventData.Writers.of(json);
        this.streamTimeout = properties.jobs().streamTimeout();
        this.maxStreams = properties.web().maxStreams();
        this.streamSlots = new Semaphore(maxStreams);
        this.waitSlots = new Semaphore(properties.web().maxWaits());
        answers.allowCoreThreadTimeOut(true);
        events.subscribe(this);
        worker.scheduleWithFixedDelay(this::refreshAll, 1, 1, TimeUnit.SECONDS);
        worker.scheduleWithFixedDelay(this::pingAll, PING_SECONDS, PING_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Streams the job's states to the client as Server-Sent Events: the current one at once, then one per change,
     * and the response ends after the job's end.
     *
     * @throws TooManyWatchersException when this node already has {@code chapkit.web.max-streams} streams open
     */
    void stream(Job current, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!streamSlots.tryAcquire()) {
            throw new TooManyWatchersException(maxStreams, STREAM_RETRY_AFTER_SECONDS);
        }
        EventStream stream = null;
        try {
            response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
            AsyncContext async = request.startAsync();
            async.setTimeout(streamTimeout.toMillis());
            stream = new EventStream(current.id(), async, response.getOutputStream(), this::forget);
            join(stream);
            stream.start();
        } catch (IOException | RuntimeException e) {
            if (stream == null) {
                streamSlots.release();
            } else {
                stream.close();
            }
            throw e;
        }
        schedule(current.id());
    }

    private void join(EventStream stream) {
        streams.compute(stream.jobId, (id, forJob) -> {
            JobStreams joined = forJob != null ? forJob : new JobStreams();
            joined.members.add(stream);
            return joined;
        });
    }

    /**
     * Completes with the job once it has ended, or with empty after {@code max}; at once with empty when this node
     * already holds {@code chapkit.web.max-waits} waits.
     */
    CompletableFuture<Optional<Job>> whenFinished(String jobId, Duration max) {
        if (!waitSlots.tryAcquire()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        CompletableFuture<Optional<Job>> future = new CompletableFuture<>();
        waits.compute(jobId, (id, forJob) -> {
            Set<CompletableFuture<Optional<Job>>> joined = forJob != null ? forJob : ConcurrentHashMap.newKeySet();
            joined.add(future);
            return joined;
        });
        future.whenComplete((job, error) -> {
            waits.computeIfPresent(jobId, (id, forJob) -> forJob.remove(future) && forJob.isEmpty() ? null : forJob);
            waitSlots.release();
        });
        schedule(jobId);
        return future.completeOnTimeout(Optional.empty(), max.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void jobChanged(String jobId) {
        if (streams.containsKey(jobId) || waits.containsKey(jobId)) {
            schedule(jobId);
        }
    }

    /** Queues a look at the job, unless one is queued already: a burst of changes is read once. */
    private void schedule(String jobId) {
        if (queued.add(jobId)) {
            worker.execute(() -> refresh(jobId));
        }
    }

    private void refreshAll() {
        try {
            streams.keySet().forEach(this::schedule);
            waits.keySet().forEach(this::schedule);
        } catch (RuntimeException e) {
            log.warn("Could not refresh watched jobs: {}", e.toString());
        }
    }

    private void pingAll() {
        try {
            streams.values().forEach(forJob -> forJob.members.forEach(EventStream::ping));
        } catch (RuntimeException e) {
            log.warn("Could not ping the open streams: {}", e.toString());
        }
    }

    private void refresh(String jobId) {
        queued.remove(jobId);
        JobStreams forJob = streams.get(jobId);
        Set<CompletableFuture<Optional<Job>>> waiting = waits.get(jobId);
        if (forJob == null && waiting == null) {
            return;
        }
        try {
            tell(jobs.find(jobId).orElse(null), forJob, waiting);
        } catch (RuntimeException e) {
            log.warn("Could not pass job {} to its watchers: {}", jobId, e.toString());
        }
    }

    /** Hands the job (null: it was deleted) to its streams and, if it has ended, answers its waits. */
    private void tell(@Nullable Job job, @Nullable JobStreams forJob, @Nullable Set<CompletableFuture<Optional<Job>>> waiting) {
        boolean ended = job == null || job.status().isFinished();
        if (forJob != null) {
            EventData data = job == null ? null : new EventData(job, writers, () -> forJob.params(job, writers.params()));
            for (EventStream stream : forJob.members) {
                stream.send(job, data, ended);
            }
        }
        if (ended && waiting != null) {
            for (CompletableFuture<Optional<Job>> wait : waiting) {
                answers.execute(() -> wait.complete(Optional.ofNullable(job)));
            }
        }
    }

    private void forget(EventStream stream) {
        streams.computeIfPresent(stream.jobId, (id, forJob) -> forJob.members.remove(stream) && forJob.members.isEmpty() ? null : forJob);
        streamSlots.release();
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
        answers.shutdownNow();
        streams.values().forEach(forJob -> forJob.members.forEach(EventStream::close));
        waits.values().forEach(forJob -> forJob.forEach(wait -> wait.complete(Optional.empty())));
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The open streams of one job, and the JSON of its params, written once for all of them (params never change). */
    private static final class JobStreams {

        final Set<EventStream> members = ConcurrentHashMap.newKeySet();
        private byte @Nullable [] params; // the worker's

        byte[] params(Job job, ObjectWriter writer) {
            if (params == null) {
                params = writer.writeValueAsBytes(job.params());
            }
            return params;
        }
    }
}
