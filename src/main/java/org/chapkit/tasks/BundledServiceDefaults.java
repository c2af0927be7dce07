package org.chapkit.tasks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The bundled service's settings, {@code org/chapkit/tasks/bundled-service.yml}: the lowest-ranked property source
 * of {@link ChapkitTasksApplication} and of nothing else, so that an {@code application.yml}, the environment and the
 * command line still override each of them, and the library jar holds no {@code application.yml} that could shadow
 * a host application's.
 */
class BundledServiceDefaults implements EnvironmentPostProcessor {

    static final String RESOURCE = "org/chapkit/tasks/bundled-service.yml";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!application.getAllSources().contains(ChapkitTasksApplication.class)) {
            return;
        }
        try {
            List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("chapkit bundled service", new ClassPathResource(RESOURCE));
            sources.forEach(environment.getPropertySources()::addLast);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
