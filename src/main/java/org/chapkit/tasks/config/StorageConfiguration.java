package org.chapkit.tasks.config;

import java.sql.DatabaseMetaData;
import java.util.Locale;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcUtils;

/** Wraps the DataSource of an embedded H2 file database in a {@link FlushingDataSource}; others pass unchanged. */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StorageConfiguration.class);

    @Bean
    static BeanPostProcessor flushingH2DataSource() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof DataSource dataSource && !(bean instanceof FlushingDataSource) && isH2File(dataSource)) {
                    log.info("H2 file database: each commit of the service is flushed before it returns (CHECKPOINT)");
                    return new FlushingDataSource(dataSource);
                }
                return bean;
            }
        };
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
