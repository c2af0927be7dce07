package org.chapkit.tasks.common;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Qualifier;

/**
 * The service's own JSON mapper: the application's mapper (its modules) with the service's rules on top ({@link ServiceJson}), snake_case
 * names, every field written even when null, a duplicate key refused. The API's JSON, stored params and results and
 * the jobs' events look the same in every application that uses the library, whatever its own Jackson settings; the
 * application's injection points never see this mapper.
 */
@Target({ElementType.METHOD, ElementType.PARAMETER, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface ChapkitJson {
}
