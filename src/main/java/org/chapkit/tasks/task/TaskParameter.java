package org.chapkit.tasks.task;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * One parameter a client can set: its JSON name, where it goes in the call, its Java type and default.
 *
 * @param name         the key in {@code params}
 * @param index        the argument slot of the task's executable that receives the bound value
 * @param type         the generic Java type the JSON value is converted to
 * @param annotatedType the same type with its type-use annotations ({@code List<@Nullable Double>})
 * @param annotations  the parameter's annotations (Bean Validation constraints, {@link TaskParam})
 * @param description  for humans; empty when none was given
 * @param defaultJson  the default as JSON text, or {@code null} when there is none
 * @param nullable     whether JSON {@code null} is accepted (an {@code Optional} or {@code @Nullable} parameter)
 */
public record TaskParameter(String name, int index, Type type, AnnotatedType annotatedType, Annotation[] annotations,
                            String description, @Nullable String defaultJson, boolean nullable) {

    /** A client must set this parameter: it has no default and cannot be null. */
    public boolean required() {
        return defaultJson == null && !nullable;
    }

    static TaskParameter of(Parameter parameter, String javaName, int index) {
        TaskParam meta = parameter.getAnnotation(TaskParam.class);
        String name = meta != null && !meta.name().isEmpty() ? meta.name() : JsonNames.of(javaName);
        String description = meta != null ? meta.description() : "";
        String defaultText = meta != null && !TaskParam.NO_DEFAULT.equals(meta.defaultValue()) ? meta.defaultValue() : null;
        Type type = parameter.getParameterizedType();
        boolean nullable = parameter.getType() == Optional.class || Nullability.isNullable(parameter.getAnnotations())
                || Nullability.isNullable(parameter.getAnnotatedType());
        return new TaskParameter(name, index, type, parameter.getAnnotatedType(), parameter.getAnnotations(), description,
                defaultText == null ? null : DefaultValues.toJson(defaultText, parameter.getType()), nullable);
    }
}
