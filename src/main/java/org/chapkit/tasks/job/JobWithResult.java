package org.chapkit.tasks.job;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A finished job with its result inline, as {@code Prefer: wait} answers it: the job's fields, then {@code result}.
 *
 * @param job    the job
 * @param result what the task returned, or null (a failed or canceled job, or a result stored as a file)
 */
public record JobWithResult(@JsonUnwrapped Job job, @Nullable JsonNode result) {
}
