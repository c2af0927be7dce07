package org.chapkit.tasks.task;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Describes one parameter of a {@link Task} method (or a component of a lambda task's params record). */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
public @interface TaskParam {

    /** Marks "no default": the parameter is then required unless it is an {@code Optional} or {@code @Nullable}. */
    String NO_DEFAULT = "\u0000<no default>";

    /** A sentence for humans, shown in the task listing and the JSON Schema. */
    String description() default "";

    /**
     * The value used when the client leaves the parameter out. For string and enum parameters the text
     * itself; for any other type a JSON literal ({@code 1}, {@code true}, {@code [1, 2]}, {@code {"a": 1}}).
     */
    String defaultValue() default NO_DEFAULT;

    /** The name clients use in {@code params}; by default the snake_case form of the Java parameter name. */
    String name() default "";
}
