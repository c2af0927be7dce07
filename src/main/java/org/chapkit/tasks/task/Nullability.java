package org.chapkit.tasks.task;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where a value may be null: an annotation named {@code Nullable} (JSpecify's, or any other of that name) on a
 * parameter, a field, or a type argument; and how a JSON Schema says so.
 */
final class Nullability {

    private Nullability() {
    }

    static boolean isNullable(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            if (annotation.annotationType().getSimpleName().equals("Nullable")) {
                return true;
            }
        }
        return false;
    }

    static boolean isNullable(AnnotatedType type) {
        return isNullable(type.getAnnotations());
    }

    /** Whether the single type argument of a container ({@code List<@Nullable Double>}) is nullable. */
    static boolean itemsNullable(AnnotatedType type) {
        return type instanceof AnnotatedParameterizedType parameterized
                && parameterized.getAnnotatedActualTypeArguments().length == 1
                && isNullable(parameterized.getAnnotatedActualTypeArguments()[0]);
    }

    /** Lets a schema accept null as well: {@code "type": "number"} becomes {@code ["number", "null"]}. */
    static void admitNull(ObjectNode schema) {
        JsonNode type = schema.get("type");
        if (type != null && type.isString() && !"null".equals(type.asString())) {
            ArrayNode types = JsonNodeFactory.instance.arrayNode().add(type.asString()).add("null");
            schema.set("type", types);
        } else if (type instanceof ArrayNode types && !types.toString().contains("\"null\"")) {
            types.add("null");
        } else if (type == null && schema.has("$ref")) {
            ObjectNode reference = JsonNodeFactory.instance.objectNode().set("$ref", schema.remove("$ref"));
            schema.set("anyOf", JsonNodeFactory.instance.arrayNode().add(reference)
                    .add(JsonNodeFactory.instance.objectNode().put("type", "null")));
        }
    }
}
