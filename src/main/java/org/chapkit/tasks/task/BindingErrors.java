package org.chapkit.tasks.task;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.PropertyBindingException;

/** Says what is wrong with a parameter in words a client understands, with a path to the nested value. */
final class BindingErrors {

    private BindingErrors() {
    }

    static ParamError describe(String parameter, JacksonException e) {
        String path = parameter + pathOf(e);
        if (e instanceof PropertyBindingException) {
            return new ParamError(path, "is not a known field");
        }
        if (e instanceof InputCoercionException coercion) {
            return new ParamError(path, "is out of range for " + jsonKind(coercion.getTargetType()));
        }
        if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null) {
            return new ParamError(path, "must be " + jsonKind(invalid.getTargetType()));
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return new ParamError(path, "must be " + jsonKind(mismatch.getTargetType()));
        }
        return new ParamError(path, "has an invalid value");
    }

    private static String pathOf(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append('.').append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** The JSON shape a Java type is written as, with an article: "an integer", "one of [A, B]". */
    static String jsonKind(@Nullable Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (type.isPrimitive()) {
            return type == boolean.class ? "a boolean" : type == char.class ? "a one-character string"
                    : type == float.class || type == double.class ? "a number" : "an integer";
        }
        if (type == Boolean.class) {
            return "a boolean";
        }
        if (type == Integer.class || type == Long.class || type == Short.class || type == Byte.class || type == BigInteger.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == BigDecimal.class) {
            return "a number";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        if (CharSequence.class.isAssignableFrom(type) || type == Character.class) {
            return "a string";
        }
        TimeTypes.Form time = TimeTypes.form(type);
        if (time != null) {
            return (type == ZoneId.class ? "a time-zone ID or UTC offset" : "an ISO-8601 string for " + type.getSimpleName())
                    + ", like " + time.example();
        }
        if (type == UUID.class) {
            return "a UUID string";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord() || !type.getName().startsWith("java.")) {
            return "an object";
        }
        return "a valid " + type.getSimpleName();
    }

    /**
     * A constraint violation on the executable's parameters, named as the client named the parameter.
     * Returns {@code null} for a violation that is not about a bound parameter.
     */
    static @Nullable ParamError describe(ConstraintViolation<?> violation, Map<Integer, TaskParameter> byIndex) {
        return describe(violation, byIndex, 0);
    }

    /** As {@link #describe(ConstraintViolation, Map)}, for a violation found in a window that starts at {@code offset}. */
    static @Nullable ParamError describe(ConstraintViolation<?> violation, Map<Integer, TaskParameter> byIndex, int offset) {
        StringBuilder path = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PARAMETER) {
                TaskParameter parameter = byIndex.get(node.as(Path.ParameterNode.class).getParameterIndex());
                if (parameter == null) {
                    return null;
                }
                path = new StringBuilder(parameter.name());
            } else if (path != null) {
                append(path, node, offset);
            }
        }
        return path == null ? null : new ParamError(path.toString(), violation.getMessage());
    }

    /** A constraint violation inside a value bound at {@code path} ({@code region}, {@code region.address}). */
    static ParamError describe(ConstraintViolation<?> violation, String path) {
        return describe(violation, path, 0);
    }

    /** As {@link #describe(ConstraintViolation, String)}, for a violation found in a window that starts at {@code offset}. */
    static ParamError describe(ConstraintViolation<?> violation, String path, int offset) {
        StringBuilder full = new StringBuilder(path);
        for (Path.Node node : violation.getPropertyPath()) {
            append(full, node, offset);
        }
        return new ParamError(full.toString(), violation.getMessage());
    }

    /** Whether a violation is about an element of a list, set, map or array rather than about the container or a field. */
    static boolean inContainer(ConstraintViolation<?> violation) {
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.isInIterable()) {
                return true;
            }
        }
        return false;
    }

    private static void append(StringBuilder path, Path.Node node, int offset) {
        if (node.isInIterable()) {
            path.append('[').append(node.getIndex() != null ? node.getIndex() + offset : node.getKey()).append(']');
        }
        if (node.getKind() == ElementKind.PROPERTY && node.getName() != null) {
            path.append('.').append(JsonNames.of(node.getName()));
        }
    }

    /** The parameter a path starts with: {@code values} for {@code values[2]}, {@code address} for {@code address.zip}. */
    static String topLevel(String path) {
        int end = path.length();
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '.' || path.charAt(i) == '[') {
                end = i;
                break;
            }
        }
        return path.substring(0, end);
    }
}
