package org.chapkit.tasks.job;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.chapkit.tasks.config.ChapkitProperties;
import org.chapkit.tasks.store.StoreDialect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The engine accepts whatever {@code chapkit.jobs.*} settings the properties' own validation accepts: a value is
 * either refused as configuration, naming the property, or it works. No value may pass validation and then stop
 * the start-up inside the engine.
 */
class JobEngineSettingsTest {

    private static ValidatorFactory factory;
    private static Validator validator;

    @BeforeAll
    static void validator() {
        factory = Validation.buildDefaultValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    @ParameterizedTest(name = "chapkit.jobs.{0}")
    @CsvSource(delimiter = '=', value = {
            "missed-heartbeats=1", "missed-heartbeats=2", "missed-heartbeats=3", "missed-heartbeats=4", "missed-heartbeats=10",
            "max-concurrency=0", "max-concurrency=1", "max-concurrency=1000", "max-concurrency=1001"})
    void aSettingIsRefusedAsConfigurationOrBuildsTheEngine(String name, String value) {
        ChapkitProperties properties = bind(Map.of("chapkit.jobs." + name, value));
        Set<ConstraintViolation<ChapkitProperties>> violations = validator.validate(properties);
        if (violations.isEmpty()) {
            assertThatNoException().as("chapkit.jobs.%s=%s passes validation", name, value).isThrownBy(() -> engine(properties));
        } else {
            assertThat(violations).extracting(violation -> violation.getPropertyPath().toString())
                    .containsExactly("jobs." + Pattern.compile("-(.)").matcher(name).replaceAll(m -> m.group(1).toUpperCase(Locale.ROOT)));
        }
    }

    private static ChapkitProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("chapkit", ChapkitProperties.class);
    }

    /** The runner and purger are only called when a job or the purge runs; building the engine needs neither. */
    @SuppressWarnings("DataFlowIssue")
    private static JobEngine engine(ChapkitProperties properties) {
        return new JobEngine(new DriverManagerDataSource("jdbc:sqlite::memory:"), StoreDialect.named("SQLite"), null, null, null, properties);
    }
}
