package org.chapkit.tasks.config;

import java.sql.DatabaseMetaData;
import java.util.Locale;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcUtils;

/**
 * Wraps the DataSource of an embedded H2 file database in a {@link FlushingDataSource}, and compacts the file in
 * slices ({@link H2Compaction}) when its URL hands compaction over; other DataSources pass unchanged.
 */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StorageConfiguration.class);

    @Bean
    static BeanPostProcessor flushingH2DataSource() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof DataSource dataSource && !(bean instanceof FlushingDataSource) && isH2File(dataSource)) {
                    FlushingDataSource flushing = new FlushingDataSource(dataSource);
                    firstFlush(flushing);
                    flushing.startCompaction();
                    log.info("H2 file database: the service's commits are stored (CHECKPOINT) before it answers or a client reads them");
                    return flushing;
                }
                return bean;
            }
        };
    }

    /** On an H2 file, the flushing DataSource itself; elsewhere a commit is durable when it returns. */
    @Bean
    CommitDurability commitDurability(DataSource dataSource) {
        if (!(dataSource instanceof FlushingDataSource flushing)) {
            return CommitDurability.IMMEDIATE;
        }
        return new CommitDurability() {
            @Override
            public <T> T deferringFlush(Supplier<T> work) {
                return flushing.deferringFlush(work);
            }

            @Override
            public <T> T withoutReadWaits(Supplier<T> work) {
                return flushing.withoutReadWaits(work);
            }

            @Override
            public void flush() {
                flushing.flush();
            }

            @Override
            public boolean sharedStores() {
                return true;
            }
        };
    }

    /** The compaction's meters, where the service compacts the H2 file ({@link H2Compaction}). */
    @Bean
    MeterBinder h2CompactionMetrics(DataSource dataSource) {
        return registry -> {
            H2Compaction compaction = dataSource instanceof FlushingDataSource flushing ? flushing.compaction() : null;
            if (compaction != null) {
                compaction.bindTo(registry);
            }
        };
    }

    /**
     * Fails at start-up, not at the first job, when the user may not run {@code CHECKPOINT}; and opens the
     * connection the flushes keep, before any commit can hold the pool's last one.
     */
    private static void firstFlush(FlushingDataSource flushing) {
        try {
            flushing.flush();
        } catch (IllegalStateException e) {
            throw new IllegalStateException("the H2 user cannot run CHECKPOINT (" + e.getMessage() + "); the service "
                    + "flushes every commit with it, which needs a user with admin rights, such as the sa that created the file", e);
        }
    }

    static boolean isH2File(DataSource dataSource) {
        try {
            String url = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getURL);
            String lower = url == null ? "" : url.toLowerCase(Locale.ROOT);
            return lower.startsWith("jdbc:h2:") && !lower.startsWith("jdbc:h2:mem:");
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the database's URL: " + e.getMessage(), e);
        }
    }
}
