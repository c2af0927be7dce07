package org.chapkit.tasks.artifact;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A stored result or file, as clients see it. A job's result is a level-0 artifact whose {@code data} is
 * {@code {"task_name", "params", "result", "error"}}; what a task stores through its context are level-1
 * children of it. Raw content (a {@code byte[]} or {@code Resource} result, a file) is not part of this view:
 * fetch it with {@code $download}.
 *
 * @param id          ULID
 * @param createdAt   when it was created
 * @param updatedAt   when it last changed (a job's result is filled in when the job ends)
 * @param parentId    the artifact it belongs to, or null for a job's result
 * @param level       0 for a job's result, 1 for what the task stored
 * @param contentType the media type of {@code $download}
 * @param size        bytes of the content, or of the JSON data when there is no content
 * @param data        JSON data, or null
 */
@Schema(name = "Artifact")
public record Artifact(String id, Instant createdAt, Instant updatedAt, @Nullable String parentId, int level,
                       String contentType, long size,
                       @Schema(implementation = Object.class, description = "JSON data") @Nullable JsonNode data) {
}
