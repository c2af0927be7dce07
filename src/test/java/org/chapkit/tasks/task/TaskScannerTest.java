package org.chapkit.tasks.task;

import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import jakarta.validation.ConstraintViolationException;
import jakarta.validation.constraints.NotNull;
import org.aopalliance.intercept.MethodInterceptor;
import org.chapkit.tasks.config.ChapkitProperties;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.validation.annotation.Validated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.chapkit.tasks.task.TaskTestSupport.params;

/** {@code @Task} methods are found on the beans of a starting context, or the start fails and says where. */
class TaskScannerTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class, JacksonAutoConfiguration.class))
            .withUserConfiguration(PropertiesConfiguration.class, TaskConfiguration.class);

    @Test
    void registersTheTaskMethodsOfEveryBean() {
        runner.withBean("greetingTasks", GreetingTasks.class).run(context -> {
            TaskRegistry registry = context.getBean(TaskRegistry.class);
            assertThat(TaskRegistryTest.names(registry.list())).containsExactly("greet_user", "wave");
            assertThat(registry.require("greet_user").source()).contains("greetingTasks").contains("GreetingTasks.greet");
            assertThat(call(context, "greet_user", "{'name': 'Ada'}")).isEqualTo("Hello, Ada");
        });
    }

    @Test
    void disablesTheTasksNamedInConfiguration() {
        runner.withBean("greetingTasks", GreetingTasks.class)
                .withPropertyValues("chapkit.tasks.disabled=wave,not_a_task")
                .run(context -> {
                    TaskRegistry registry = context.getBean(TaskRegistry.class);
                    assertThat(registry.isEnabled("wave")).isFalse();
                    assertThat(registry.info("wave")).get().extracting(TaskInfo::enabled).isEqualTo(false);
                    assertThat(registry.isEnabled("greet_user")).isTrue();
                });
    }

    @Test
    void failsTheStartForABadNameAndNamesBeanAndMethod() {
        assertStartFails(runner.withBean("badNameTasks", BadName.class),
                "badNameTasks", "BadName.run", "'has space'", "^[a-zA-Z0-9_-]+$");
    }

    @Test
    void failsTheStartForADuplicateNameAndNamesBothPlaces() {
        assertStartFails(runner.withBean("firstTasks", First.class).withBean("secondTasks", Second.class),
                "'shared'", "firstTasks", "First.run", "secondTasks", "Second.run");
    }

    @Test
    void failsTheStartForAStreamParameter() {
        assertStartFails(runner.withBean("streamTasks", StreamParameter.class),
                "streamTasks", "StreamParameter.run", "'input'", "cannot be bound from JSON");
    }

    @Test
    void failsTheStartForAnInterfaceParameter() {
        assertStartFails(runner.withBean("interfaceTasks", InterfaceParameter.class),
                "interfaceTasks", "InterfaceParameter.run", "'action'", "cannot be bound from JSON");
    }

    @Test
    void failsTheStartForAMapWithRecordKeys() {
        assertStartFails(runner.withBean("mapTasks", RecordKeyedMap.class),
                "mapTasks", "RecordKeyedMap.run", "'by_point'", "cannot be bound from JSON", "map keys");
    }

    @Test
    void failsTheStartForADefaultThatDoesNotConvert() {
        assertStartFails(runner.withBean("defaultTasks", BadDefault.class),
                "defaultTasks", "BadDefault.run", "'times'", "default value abc", "int");
    }

    @Test
    void findsTheTaskOfAValidatedBeanAndCallsItThroughTheProxy() {
        runner.withBean("validatedTasks", ValidatedTasks.class).run(context -> {
            assertThat(AopUtils.isCglibProxy(context.getBean("validatedTasks"))).isTrue();
            assertThat(call(context, "validated", "{'text': 'ok'}")).isEqualTo("ok");
            // The proxy's method validation checks the @NotNull result: proof the call went through the proxy.
            assertThatThrownBy(() -> call(context, "validated", "{'text': 'null'}"))
                    .isInstanceOf(ConstraintViolationException.class);
        });
    }

    @Test
    void findsTheTaskOfAnAsyncBeanAndAwaitsItsResult() {
        runner.withUserConfiguration(AsyncConfiguration.class).withBean("asyncTasks", AsyncTasks.class).run(context -> {
            assertThat(AopUtils.isAopProxy(context.getBean("asyncTasks"))).isTrue();
            assertThat(call(context, "async_thread", "{}")).isNotEqualTo(Thread.currentThread().getName());
        });
    }

    @Test
    void findsTheTaskOfAClassProxyMadeByAFactoryAndCallsItThroughTheProxy() {
        runner.withUserConfiguration(ClassProxyConfiguration.class).run(context -> {
            assertThat(AopUtils.isCglibProxy(context.getBean("classProxied"))).isTrue();
            assertThat(call(context, "shout", "{'text': 'hi'}")).isEqualTo("advised(HI)");
        });
    }

    @Test
    void findsTheTaskOfAnInterfaceProxyMadeByAFactoryAndCallsItThroughTheProxy() {
        runner.withUserConfiguration(InterfaceProxyConfiguration.class).run(context -> {
            assertThat(AopUtils.isJdkDynamicProxy(context.getBean("interfaceProxied"))).isTrue();
            assertThat(context.getBean(TaskRegistry.class).get("echo")).as("task 'echo' is registered").isPresent();
            assertThat(call(context, "echo", "{'text': 'hi'}")).isEqualTo("advised(hi)");
        });
    }

    private static @Nullable Object call(AssertableApplicationContext context, String task, String json) throws Exception {
        TaskDefinition definition = context.getBean(TaskRegistry.class).require(task);
        return context.getBean(ParamBinder.class).bind(definition, params(json))
                .call(new TaskTestSupport.StubContext(task));
    }

    private static void assertStartFails(ApplicationContextRunner runner, String... fragments) {
        runner.run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasMessageContainingAll(fragments);
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ChapkitProperties.class)
    static class PropertiesConfiguration {
    }

    static class GreetingTasks {
        @Task(name = "greet_user")
        String greet(String name) {
            return "Hello, " + name;
        }

        @Task(name = "wave")
        void wave(TaskContext context) {
        }
    }

    static class BadName {
        @Task(name = "has space")
        void run() {
        }
    }

    static class First {
        @Task(name = "shared")
        void run() {
        }
    }

    static class Second {
        @Task(name = "shared")
        void run() {
        }
    }

    static class StreamParameter {
        @Task(name = "stream")
        void run(InputStream input) {
        }
    }

    static class InterfaceParameter {
        @Task(name = "interface")
        void run(Runnable action) {
        }
    }

    record Point(int x, int y) {
    }

    static class RecordKeyedMap {
        @Task(name = "record_keys")
        void run(Map<Point, String> byPoint) {
        }
    }

    static class BadDefault {
        @Task(name = "bad_default")
        void run(@TaskParam(defaultValue = "abc") int times) {
        }
    }

    @Validated
    static class ValidatedTasks {
        @Task(name = "validated")
        @NotNull String run(String text) {
            return "null".equals(text) ? null : text;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAsync
    static class AsyncConfiguration {
    }

    static class AsyncTasks {
        @Task(name = "async_thread")
        @Async
        public CompletableFuture<String> run() {
            return CompletableFuture.completedFuture(Thread.currentThread().getName());
        }
    }

    /** Wraps a String result so that a test can see the advice ran. */
    private static final MethodInterceptor ADVICE = invocation -> "advised(" + invocation.proceed() + ")";

    static class Shouter {
        @Task(name = "shout")
        public String shout(String text) {
            return text.toUpperCase();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ClassProxyConfiguration {
        @Bean
        Object classProxied() {
            ProxyFactory factory = new ProxyFactory(new Shouter());
            factory.setProxyTargetClass(true);
            factory.addAdvice(ADVICE);
            return factory.getProxy();
        }
    }

    interface Echo {
        String echo(String text);
    }

    static class EchoImpl implements Echo {
        @Task(name = "echo")
        @Override
        public String echo(String text) {
            return text;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class InterfaceProxyConfiguration {
        @Bean
        Echo interfaceProxied() {
            ProxyFactory factory = new ProxyFactory(new EchoImpl());
            factory.addAdvice(ADVICE);
            return (Echo) factory.getProxy();
        }
    }
}
