package org.chapkit.tasks.task.web;

import java.util.Iterator;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body of an execute request: {@code {"params": {...}}}. The body, or {@code params}, may be absent or
 * {@code null}, meaning no params. Read from a JSON tree so that each shape error gets its own message.
 *
 * @param params the task's parameters by name
 */
@Schema(name = "ExecuteRequest", example = """
        {"params": {"name": "Ada", "greeting": "Hi"}}""")
record ExecuteRequest(@Schema(description = "the task's parameters by name; see the task's params_schema",
                              requiredMode = Schema.RequiredMode.NOT_REQUIRED)
                      @Nullable Map<String, Object> params) {

    /** The {@code params} object of a request body, or {@code null} for none. */
    static @Nullable ObjectNode params(@Nullable JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return null;
        }
        if (!(body instanceof ObjectNode object)) {
            throw new MalformedBodyException("the body must be a JSON object like {\"params\": {...}}");
        }
        for (Iterator<String> names = object.propertyNames().iterator(); names.hasNext(); ) {
            String name = names.next();
            if (!"params".equals(name)) {
                throw new MalformedBodyException("unknown field '" + name + "': the body takes only \"params\"");
            }
        }
        JsonNode params = object.get("params");
        if (params == null || params.isNull()) {
            return null;
        }
        if (!(params instanceof ObjectNode paramsObject)) {
            throw new MalformedBodyException("\"params\" must be a JSON object of parameter names to values");
        }
        return paramsObject;
    }
}
