package org.chapkit.tasks.task.web;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body of an execute request: {@code {"params": {...}}}, and when the job should start, {@code run_at} or
 * {@code delay}. The body, or {@code params}, may be absent or {@code null}, meaning no params. Read from a JSON tree
 * so that each shape error gets its own message.
 *
 * @param params the task's parameters by name
 * @param runAt  when the job should start, at the earliest
 * @param delay  how long after now the job should start, at the earliest
 */
@Schema(name = "ExecuteRequest", example = """
        {"params": {"name": "Ada", "greeting": "Hi"}}""")
record ExecuteRequest(@Schema(description = "the task's parameters by name; see the task's params_schema",
                              requiredMode = Schema.RequiredMode.NOT_REQUIRED)
                      @Nullable Map<String, Object> params,
                      @Schema(description = "start the job at this instant (ISO-8601, with Z or an offset), not before; "
                              + "at most a minute in the past; not with delay", requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                              example = "2026-12-24T18:00:00Z", format = "date-time")
                      @Nullable String runAt,
                      @Schema(description = "start the job this long from now (ISO-8601 duration), not before; not with run_at",
                              requiredMode = Schema.RequiredMode.NOT_REQUIRED, example = "PT30S",
                              format = "duration")
                      @Nullable String delay) {

    /** How far in the past {@code run_at} may be: a clock a little behind the service's is not an error. */
    static final Duration PAST_TOLERANCE = Duration.ofMinutes(1);

    private static final Set<String> FIELDS = Set.of("params", "run_at", "delay");

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
            if (!FIELDS.contains(name)) {
                throw new MalformedBodyException("unknown field '" + name + "': the body takes only \"params\", \"run_at\" and \"delay\"");
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

    /**
     * When the job of this request should start, or {@code null} for at once; checks the body's shape first.
     *
     * @throws InvalidFieldException when {@code run_at} or {@code delay} is not a time, is too far in the past, or
     *                               both are given
     */
    static @Nullable Instant runAt(@Nullable JsonNode body, Instant now) {
        params(body);
        if (body == null || body.isNull() || body.isMissingNode()) {
            return null;
        }
        JsonNode runAt = body.get("run_at");
        JsonNode delay = body.get("delay");
        boolean hasRunAt = runAt != null && !runAt.isNull();
        boolean hasDelay = delay != null && !delay.isNull();
        if (hasRunAt && hasDelay) {
            throw new InvalidFieldException("delay", "cannot be given with run_at: give one or the other");
        }
        if (hasRunAt) {
            Instant at = instant(runAt);
            if (at.isBefore(now.minus(PAST_TOLERANCE))) {
                throw new InvalidFieldException("run_at", "is more than a minute in the past (" + at + ")");
            }
            return at;
        }
        if (hasDelay) {
            Duration wait = duration(delay);
            if (wait.isNegative()) {
                throw new InvalidFieldException("delay", "must not be negative");
            }
            try {
                return now.plus(wait);
            } catch (ArithmeticException | DateTimeException e) {
                throw new InvalidFieldException("delay", "is too long");
            }
        }
        return null;
    }

    private static Instant instant(JsonNode value) {
        if (value.isString()) {
            try {
                return OffsetDateTime.parse(value.asString()).toInstant();
            } catch (DateTimeParseException e) {
                // answered below
            }
        }
        throw new InvalidFieldException("run_at", "must be an ISO-8601 instant with Z or an offset, like 2026-12-24T18:00:00Z");
    }

    private static Duration duration(JsonNode value) {
        if (value.isString()) {
            try {
                return Duration.parse(value.asString());
            } catch (DateTimeParseException e) {
                // answered below
            }
        }
        throw new InvalidFieldException("delay", "must be an ISO-8601 duration, like PT30S or PT2H");
    }
}
