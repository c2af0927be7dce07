package org.chapkit.tasks.example;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;

/** The example beans exist only with {@code chapkit.examples.enabled=true}, as the bundled service sets it. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ConditionalOnBooleanProperty("chapkit.examples.enabled")
@interface ExamplesEnabled {
}
