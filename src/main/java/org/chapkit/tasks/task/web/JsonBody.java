package org.chapkit.tasks.task.web;

import com.fasterxml.jackson.annotation.JsonCreator;
import tools.jackson.databind.JsonNode;

/**
 * A request body, any JSON, read by the service's own mapper rather than the application's: a duplicate key is
 * refused wherever the library runs.
 */
record JsonBody(JsonNode node) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    JsonBody {
    }
}
