package org.chapkit.tasks.job;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.stereotype.Component;

/**
 * Tells interested parts of this node that a job changed (started, reported progress, ended), right after the
 * change is committed. Listeners must return quickly: they are called on the thread that made the change.
 */
@Component
class JobEvents {

    /** Something that wants to hear of job changes. */
    interface Listener {
        void jobChanged(String jobId);
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    void subscribe(Listener listener) {
        listeners.add(listener);
    }

    void changed(String jobId) {
        for (Listener listener : listeners) {
            listener.jobChanged(jobId);
        }
    }
}
