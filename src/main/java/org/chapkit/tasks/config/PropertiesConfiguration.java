package org.chapkit.tasks.config;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds {@link ChapkitProperties}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChapkitProperties.class)
class PropertiesConfiguration {
}
