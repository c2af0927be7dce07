package org.chapkit.tasks.config;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.health.autoconfigure.application.DiskSpaceHealthContributorAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

/**
 * Everything chapkit-tasks brings to an application that depends on it: the task registry (filled from the
 * application's own {@code @Task} beans), the job engine, the store, the HTTP API and its OpenAPI document.
 * <p>
 * It comes before Boot's DataSource auto-configuration, so that an application without a database of its own
 * gets the embedded store, and before Boot's error pages, so that errors outside the controllers are problem+json
 * too, and before Boot's disk space check, which it points at the data directory; an application that defines its
 * own {@code DataSource} or {@code ErrorController} keeps it. The example
 * tasks come only with {@code chapkit.examples.enabled=true}.
 */
@AutoConfiguration(before = {DataSourceAutoConfiguration.class, ErrorMvcAutoConfiguration.class, DiskSpaceHealthContributorAutoConfiguration.class})
@ComponentScan(basePackages = "org.chapkit.tasks", excludeFilters = {
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
        // The bundled service's own entry point, which imports this class rather than being part of it.
        @ComponentScan.Filter(type = FilterType.REGEX, pattern = "org\\.chapkit\\.tasks\\.ChapkitTasksApplication")})
@Import(DatabaseInitializationDependencyConfigurer.class)
public class ChapkitTasksAutoConfiguration {
}
