package org.chapkit.tasks.task;

import jakarta.validation.Validator;
import org.chapkit.tasks.common.ChapkitJson;
import org.chapkit.tasks.config.ChapkitProperties;
import org.chapkit.tasks.config.JsonConfiguration;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.json.JsonMapper;

/** The registry, its binder, and the scanner that fills the registry from {@code @Task} methods. */
@Configuration(proxyBeanMethods = false)
@Import(JsonConfiguration.class)
public class TaskConfiguration {

    @Bean
    ParamBinder paramBinder(@ChapkitJson JsonMapper jsonMapper, Validator validator) {
        return new ParamBinder(jsonMapper, validator);
    }

    @Bean
    TaskRegistry taskRegistry(ParamBinder paramBinder, ChapkitProperties properties) {
        return new TaskRegistry(paramBinder, properties.tasks().disabled());
    }

    @Bean
    TaskScanner taskScanner(ConfigurableListableBeanFactory beanFactory, TaskRegistry registry) {
        return new TaskScanner(beanFactory, registry);
    }
}
