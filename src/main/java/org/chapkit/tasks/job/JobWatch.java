package org.chapkit.tasks.job;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.chapkit.tasks.config.ChapkitProperties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Watches jobs for clients: Server-Sent Event streams and {@code Prefer: wait} requests. Neither holds a thread
 * while it waits: a stream is an async {@link SseEmitter}, a wait is a {@link CompletableFuture}. A change this
 * node makes is pushed as soon as it is committed ({@link JobEvents}); a change made on another node is picked up
 * by a once-a-second look at the watched jobs. One thread reads a changed job once and tells all its watchers,
 * in order.
 */
@Component
class JobWatch implements JobEvents.Listener, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(JobWatch.class);

    private final JobRepository jobs;
    private final Duration streamTimeout;
    private final Map<String, Set<Stream>> streams = new ConcurrentHashMap<>();
    private final Map<String, Set<CompletableFuture<Optional<Job>>>> waits = new ConcurrentHashMap<>();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "chapkit-job-watch");
        thread.setDaemon(true);
        return thread;
    });

    JobWatch(JobRepository jobs, JobEvents events, ChapkitProperties properties) {
        this.jobs = jobs;
        this.streamTimeout = properties.jobs().streamTimeout();
        events.subscribe(this);
        worker.scheduleWithFixedDelay(this::refreshAll, 1, 1, TimeUnit.SECONDS);
    }

    /** A stream of the job's states: the current one at once, then one event per change, closed after the end. */
    SseEmitter stream(Job current) {
        SseEmitter emitter = new SseEmitter(streamTimeout.toMillis());
        Stream stream = new Stream(emitter);
        Set<Stream> forJob = streams.computeIfAbsent(current.id(), id -> ConcurrentHashMap.newKeySet());
        forJob.add(stream);
        Runnable remove = () -> forget(streams, current.id(), stream);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(error -> remove.run());
        worker.execute(() -> refresh(current.id()));
        return emitter;
    }

    /** Completes with the job once it has ended, or with empty after {@code max}. */
    CompletableFuture<Optional<Job>> whenFinished(String jobId, Duration max) {
        CompletableFuture<Optional<Job>> future = new CompletableFuture<>();
        waits.computeIfAbsent(jobId, id -> ConcurrentHashMap.newKeySet()).add(future);
        future.whenComplete((job, error) -> forget(waits, jobId, future));
        worker.execute(() -> refresh(jobId));
        return future.completeOnTimeout(Optional.empty(), max.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void jobChanged(String jobId) {
        if (streams.containsKey(jobId) || waits.containsKey(jobId)) {
            worker.execute(() -> refresh(jobId));
        }
    }

    private void refreshAll() {
        try {
            Set<String> watched = ConcurrentHashMap.newKeySet();
            watched.addAll(streams.keySet());
            watched.addAll(waits.keySet());
            watched.forEach(this::refresh);
        } catch (RuntimeException e) {
            log.warn("Could not refresh watched jobs: {}", e.toString());
        }
    }

    private void refresh(String jobId) {
        Optional<Job> found;
        try {
            found = jobs.find(jobId);
        } catch (RuntimeException e) {
            log.warn("Could not read job {} for its watchers: {}", jobId, e.toString());
            return;
        }
        Job job = found.orElse(null);
        boolean ended = job == null || job.status().isFinished();
        for (Stream stream : streams.getOrDefault(jobId, Set.of())) {
            stream.send(job, ended);
        }
        if (ended) {
            for (CompletableFuture<Optional<Job>> wait : waits.getOrDefault(jobId, Set.of())) {
                wait.complete(Optional.ofNullable(job));
            }
        }
    }

    private static <T> void forget(Map<String, Set<T>> watchers, String jobId, T watcher) {
        watchers.computeIfPresent(jobId, (id, set) -> {
            set.remove(watcher);
            return set.isEmpty() ? null : set;
        });
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
        streams.values().forEach(set -> set.forEach(stream -> stream.emitter.complete()));
    }

    /** One client's stream; it sends a state only when it differs from the last one sent. */
    private static final class Stream {

        private final SseEmitter emitter;
        private @Nullable Job last;
        private long sequence;

        Stream(SseEmitter emitter) {
            this.emitter = emitter;
        }

        void send(@Nullable Job job, boolean ended) {
            try {
                if (job != null && !sameState(last, job)) {
                    String name = last == null || last.status() != job.status() ? job.status().value() : "progress";
                    emitter.send(SseEmitter.event().id(Long.toString(++sequence)).name(name).data(job, MediaType.APPLICATION_JSON));
                    last = job;
                }
                if (ended) {
                    emitter.complete();
                }
            } catch (IOException | IllegalStateException e) {
                emitter.completeWithError(e); // the client went away
            }
        }

        private static boolean sameState(@Nullable Job previous, Job job) {
            return previous != null && previous.status() == job.status() && java.util.Objects.equals(previous.progress(), job.progress());
        }
    }
}
