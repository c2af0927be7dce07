package org.chapkit.tasks.config;

import java.io.IOException;
import java.nio.file.Files;

import javax.sql.DataSource;

import org.chapkit.tasks.store.EmbeddedStore;
import org.chapkit.tasks.store.SqliteExceptionTranslator;
import org.chapkit.tasks.store.StoreDialect;
import org.chapkit.tasks.store.StoreHealth;
import org.chapkit.tasks.store.StoreSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.application.DiskSpaceHealthIndicator;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.unit.DataSize;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The store: the embedded SQLite file under {@code chapkit.data-dir} unless the application has a DataSource of its
 * own or {@code spring.datasource.url} names a database; the service's tables in it; what differs between the
 * databases; and the store's health.
 */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StoreConfiguration.class);

    /** The data directory exists whichever store is used: the disk space check watches it. */
    StoreConfiguration(ChapkitProperties properties) throws IOException {
        Files.createDirectories(properties.dataDir());
    }

    /** The embedded store; {@code spring.datasource.hikari.*} applies to its pool as to any other. */
    @Bean
    @ConditionalOnMissingBean(DataSource.class)
    @Conditional(NoDataSourceUrl.class)
    @ConfigurationProperties("spring.datasource.hikari")
    EmbeddedStore dataSource(ChapkitProperties properties) {
        EmbeddedStore store = EmbeddedStore.open(properties.dataDir(), properties.store().busyTimeout());
        log.info("Embedded store: {} (SQLite, WAL)", store.file());
        return store;
    }

    /** Spring has no table of SQLite's error codes: the embedded store's JdbcTemplate gets a translator for them. */
    @Bean
    static BeanPostProcessor sqliteExceptionTranslation() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof JdbcTemplate template && template.getDataSource() instanceof EmbeddedStore) {
                    template.setExceptionTranslator(new SqliteExceptionTranslator());
                }
                return bean;
            }
        };
    }

    @Bean
    StoreDialect storeDialect(DataSource dataSource) {
        return StoreDialect.of(dataSource);
    }

    @Bean
    StoreSchema storeSchema(DataSource dataSource, StoreDialect dialect) {
        return new StoreSchema(dataSource, dialect);
    }

    @Bean
    StoreHealth storeHealthIndicator(JdbcClient jdbc, TransactionTemplate transaction, StoreDialect dialect, ChapkitProperties properties) {
        return new StoreHealth(jdbc, transaction, dialect, properties.store().probeInterval());
    }

    /**
     * The disk space check watches the data directory, where the embedded store's file grows, unless
     * {@code management.health.diskspace.path} names another; {@code management.health.diskspace.threshold} applies.
     */
    @Bean
    @ConditionalOnEnabledHealthIndicator("diskspace")
    @Conditional(NoDiskSpacePath.class)
    DiskSpaceHealthIndicator diskSpaceHealthIndicator(ChapkitProperties properties, Environment environment) {
        DataSize threshold = environment.getProperty("management.health.diskspace.threshold", DataSize.class, DataSize.ofMegabytes(10));
        return new DiskSpaceHealthIndicator(properties.dataDir().toFile(), threshold);
    }

    /** No {@code management.health.diskspace.path}: the disk space check is the data directory's. */
    static class NoDiskSpacePath implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String path = context.getEnvironment().getProperty("management.health.diskspace.path");
            return path == null || path.isBlank();
        }
    }

    /** No {@code spring.datasource.url}: the service brings its own store. */
    static class NoDataSourceUrl implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String url = context.getEnvironment().getProperty("spring.datasource.url");
            return url == null || url.isBlank();
        }
    }
}
