package org.chapkit.tasks.task;

import java.lang.reflect.Proxy;

import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds {@code @Task} methods on every singleton bean once all of them exist, the way Spring's own
 * {@code EventListenerMethodProcessor} finds listeners: by the bean's target class, so proxied beans are
 * found too. A task that cannot be registered stops the start-up with a message naming bean and method.
 */
final class TaskScanner implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(TaskScanner.class);

    private final ConfigurableListableBeanFactory beanFactory;
    private final TaskRegistry registry;

    TaskScanner(ConfigurableListableBeanFactory beanFactory, TaskRegistry registry) {
        this.beanFactory = beanFactory;
        this.registry = registry;
    }

    @Override
    public void afterSingletonsInstantiated() {
        int count = 0;
        for (String beanName : beanFactory.getBeanNamesForType(Object.class, false, false)) {
            if (ScopedProxyUtils.isScopedTarget(beanName)) {
                continue;
            }
            Class<?> type = AutoProxyUtils.determineTargetClass(beanFactory, beanName);
            if (type != null && (Proxy.isProxyClass(type) || ClassUtils.isCglibProxyClass(type))) {
                // A proxy made by hand in a @Bean method: only the instance knows its target class.
                type = AopUtils.getTargetClass(beanFactory.getBean(beanName));
            }
            if (type == null || !AnnotationUtils.isCandidateClass(type, Task.class) || TaskRegistry.taskMethods(type).isEmpty()) {
                continue;
            }
            try {
                count += registry.registerAnnotated(beanName, beanFactory.getBean(beanName), type).size();
            } catch (IllegalArgumentException e) {
                throw new BeanInitializationException("Cannot register tasks of bean '" + beanName + "': " + e.getMessage(), e);
            }
        }
        if (count == 0) {
            log.warn("No @Task methods found: a task's class must be a Spring bean (@Component, or a @Bean method) in a "
                    + "package the application's component scan covers, by default the package of its @SpringBootApplication "
                    + "class and those below it");
        } else {
            log.info("Registered {} task(s): {}", count, String.join(", ", registry.list().stream().map(TaskInfo::name).toList()));
        }
    }
}
