package org.chapkit.tasks.task;

import java.lang.annotation.Annotation;
import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Negative;
import jakarta.validation.constraints.NegativeOrZero;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the Bean Validation constraints of a top-level parameter into its JSON Schema. (Constraints on the
 * fields of records are the schema generator's Jakarta module's work; a method parameter is not a field.)
 */
final class ConstraintSchemas {

    private ConstraintSchemas() {
    }

    static void apply(ObjectNode schema, Annotation[] annotations) {
        boolean array = "array".equals(schema.path("type").asString(""));
        boolean object = "object".equals(schema.path("type").asString(""));
        for (Annotation annotation : annotations) {
            if (annotation instanceof Min min) {
                schema.put("minimum", min.value());
            } else if (annotation instanceof Max max) {
                schema.put("maximum", max.value());
            } else if (annotation instanceof DecimalMin min) {
                schema.put(min.inclusive() ? "minimum" : "exclusiveMinimum", new BigDecimal(min.value()));
            } else if (annotation instanceof DecimalMax max) {
                schema.put(max.inclusive() ? "maximum" : "exclusiveMaximum", new BigDecimal(max.value()));
            } else if (annotation instanceof Positive) {
                schema.put("exclusiveMinimum", 0);
            } else if (annotation instanceof PositiveOrZero) {
                schema.put("minimum", 0);
            } else if (annotation instanceof Negative) {
                schema.put("exclusiveMaximum", 0);
            } else if (annotation instanceof NegativeOrZero) {
                schema.put("maximum", 0);
            } else if (annotation instanceof Size size) {
                putSize(schema, array, object, size.min(), size.max());
            } else if (annotation instanceof NotEmpty) {
                putSize(schema, array, object, 1, Integer.MAX_VALUE);
            } else if (annotation instanceof NotBlank) {
                schema.put("minLength", 1);
                schema.put("pattern", "\\S");
            } else if (annotation instanceof Pattern pattern) {
                schema.put("pattern", pattern.regexp());
            } else if (annotation instanceof Email) {
                schema.put("format", "email");
            }
        }
    }

    private static void putSize(ObjectNode schema, boolean array, boolean object, int min, int max) {
        String prefix = array ? "Items" : object ? "Properties" : "Length";
        if (min > 0) {
            schema.put("min" + prefix, min);
        }
        if (max < Integer.MAX_VALUE) {
            schema.put("max" + prefix, max);
        }
    }
}
