package org.chapkit.tasks.task.web;

import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import org.chapkit.tasks.task.BoundCall;
import tools.jackson.databind.node.ObjectNode;

/**
 * The answer to a dry run that passed: the params as {@code $execute} would store them.
 *
 * @param valid  always {@code true}; params that do not pass are a 422
 * @param params the params with every default filled in
 */
@Schema(name = "ValidateResponse", example = """
        {"valid": true, "params": {"name": "Ada", "greeting": "Hello"}}""")
record ValidateResponse(@Schema(description = "always true: params that do not pass are a 422") boolean valid,
                        @Schema(implementation = Map.class, description = "the params with every default filled in, as a job would store them")
                        ObjectNode params) {

    static ValidateResponse of(BoundCall call) {
        return new ValidateResponse(true, call.params());
    }
}
