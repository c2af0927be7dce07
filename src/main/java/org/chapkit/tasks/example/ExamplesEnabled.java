package org.chapkit.tasks.example;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;

/** The example beans exist unless {@code chapkit.examples.enabled=false}. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ConditionalOnBooleanProperty(name = "chapkit.examples.enabled", matchIfMissing = true)
@interface ExamplesEnabled {
}
