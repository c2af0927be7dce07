package org.chapkit.tasks.job;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a job is in its life, and the one place that says which changes are allowed:
 * {@code pending -> running -> completed | failed | canceled}, {@code pending -> canceled}, and
 * {@code running -> pending} only when a crashed job is given another run. A finished job never changes.
 */
public enum JobStatus {
    PENDING, RUNNING, COMPLETED, FAILED, CANCELED;

    /** The statuses a job may be in just before it becomes {@code this}. */
    Set<JobStatus> allowedFrom() {
        return switch (this) {
            case PENDING -> EnumSet.of(RUNNING);
            case RUNNING -> EnumSet.of(PENDING);
            case COMPLETED -> EnumSet.of(RUNNING);
            case FAILED -> EnumSet.of(PENDING, RUNNING);
            case CANCELED -> EnumSet.of(PENDING, RUNNING);
        };
    }

    public boolean isFinished() {
        return this == COMPLETED || this == FAILED || this == CANCELED;
    }

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status named {@code value} (any case), or {@code null} when there is none. */
    static JobStatus parse(String value) {
        for (JobStatus status : values()) {
            if (status.value().equalsIgnoreCase(value.trim())) {
                return status;
            }
        }
        return null;
    }
}
