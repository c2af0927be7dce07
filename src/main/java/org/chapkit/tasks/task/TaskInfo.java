package org.chapkit.tasks.task;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a client learns about a task: enough to call it without reading its code.
 *
 * @param name         the name to execute it by
 * @param description  what it does
 * @param tags         sorted tags
 * @param enabled      false when disabled by annotation or configuration; such a task refuses to run
 * @param parameters   the parameters a client may set, in declaration order
 * @param paramsSchema JSON Schema (2020-12) of the whole {@code params} object
 * @param returns      JSON Schema of the result
 * @param maxConcurrency at most this many of its jobs run at once across the service; null for no limit
 * @param retries      how many more times a failed job of the task runs
 * @param backoff      the wait before its second attempt (ISO-8601), doubled for each one after, at most an hour
 */
@Schema(name = "TaskInfo")
public record TaskInfo(String name, String description, List<String> tags, boolean enabled,
                       List<ParameterInfo> parameters,
                       @Schema(implementation = Map.class, description = "JSON Schema of the params object") ObjectNode paramsSchema,
                       @Schema(implementation = Map.class, description = "JSON Schema of the result") ObjectNode returns,
                       @Nullable Integer maxConcurrency, int retries, @Schema(example = "PT1S", format = "duration") String backoff) {

    /**
     * One parameter of a task.
     *
     * @param name         the key in {@code params}
     * @param type         the JSON type ({@code string}, {@code integer}, {@code number}, {@code boolean},
     *                     {@code array}, {@code object}, or {@code any})
     * @param required     whether a client must set it
     * @param defaultValue the value used when it is left out, or {@code null}
     * @param description  for humans
     * @param schema       its JSON Schema, with constraints
     */
    @Schema(name = "TaskParameterInfo")
    public record ParameterInfo(String name, String type, boolean required,
                                @JsonProperty("default") @Schema(implementation = Object.class, description = "the value used when the parameter is left out; any JSON value") @Nullable JsonNode defaultValue,
                                String description,
                                @Schema(implementation = Map.class, description = "JSON Schema of the parameter") ObjectNode schema) {
    }
}
