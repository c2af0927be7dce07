package org.chapkit.tasks.task;

import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.chapkit.tasks.task.TaskTestSupport.registry;

/** A task nobody could call is refused when it is registered, with a message that names the parameter. */
class TaskSignatureTest {

    private final TaskRegistry registry = registry();

    enum Unit { KG, LB }

    record Weight(BigDecimal amount, Unit unit) {
    }

    record Upload(String name, InputStream content) {
    }

    @Test
    void acceptsEveryKindOfBindableParameter() {
        assertThat(registry.registerAnnotated(new Object() {
            @Task(name = "bindable")
            void run(int a, Long b, String c, Unit d, Weight e, List<Weight> f, Set<String> g, Map<String, List<Integer>> h,
                     Map<Unit, Integer> i, Map<UUID, String> j, Optional<LocalDate> k, int[] l, Object m, TaskContext context) {
            }
        })).hasSize(1);
    }

    @Test
    void refusesALambdaWhoseParamsRecordHasAStreamComponent() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> registry.register(TaskDefinition.of("upload", Upload.class, (p, ctx) -> null)))
                .withMessageContaining("lambda task 'upload'")
                .withMessageContaining("parameter 'content'")
                .withMessageContaining("cannot be bound from JSON");
        assertThat(registry.list()).isEmpty();
    }

    @Test
    void refusesARecordParameterWithAnUnbindableComponent() {
        assertThatIllegalArgumentException().isThrownBy(() -> registry.registerAnnotated(new Object() {
            @Task(name = "nested_stream")
            void run(List<Upload> uploads) {
            }
        })).withMessageContaining("parameter 'uploads'").withMessageContaining("record component 'content'");
    }

    @Test
    void refusesAThreadParameter() {
        assertThatIllegalArgumentException().isThrownBy(() -> registry.registerAnnotated(new Object() {
            @Task(name = "thread")
            void run(Thread worker) {
            }
        })).withMessageContaining("parameter 'worker'").withMessageContaining("java.lang.Thread is not a JSON value type");
    }

    @Test
    void refusesAWildcardElementType() {
        assertThatIllegalArgumentException().isThrownBy(() -> registry.registerAnnotated(new Object() {
            @Task(name = "wildcard")
            void run(List<? extends Runnable> actions) {
            }
        })).withMessageContaining("parameter 'actions'").withMessageContaining("cannot be bound from JSON");
    }

    @Test
    void refusesTwoParametersWithTheSameName() {
        assertThatIllegalArgumentException().isThrownBy(() -> registry.registerAnnotated(new Object() {
            @Task(name = "clash")
            void run(int batchSize, @TaskParam(name = "batch_size") int other) {
            }
        })).withMessageContaining("parameter 'batch_size'").withMessageContaining("another parameter already has that name");
    }

    @Test
    void refusesADefaultThatIsNotValidJsonForTheType() {
        assertThatIllegalArgumentException().isThrownBy(() -> registry.registerAnnotated(new Object() {
            @Task(name = "bad_list_default")
            void run(@TaskParam(defaultValue = "[1, 'x']") List<Integer> ids) {
            }
        })).withMessageContaining("parameter 'ids'").withMessageContaining("default value [1, 'x']");
    }

    @Test
    void refusesAnEnumDefaultThatIsNotAConstant() {
        assertThatIllegalArgumentException().isThrownBy(() -> registry.registerAnnotated(new Object() {
            @Task(name = "bad_enum_default")
            void run(@TaskParam(defaultValue = "STONE") Unit unit) {
            }
        })).withMessageContaining("parameter 'unit'").withMessageContaining("default value \"STONE\"");
    }

    @Test
    void registersTheTasksOfAClassProxyAndCallsThemThroughIt() throws Exception {
        ProxyFactory factory = new ProxyFactory(new Shouter());
        factory.setProxyTargetClass(true);
        factory.addAdvice(ADVICE);

        assertThat(TaskTestSupport.run(factory.getProxy(), "{'text': 'hi'}")).isEqualTo("advised(HI)");
    }

    @Test
    void registersTheTasksOfAnInterfaceProxyAndCallsThemThroughIt() throws Exception {
        ProxyFactory factory = new ProxyFactory(new EchoImpl());
        factory.addAdvice(ADVICE);

        assertThat(TaskTestSupport.run(factory.getProxy(), "{'text': 'hi'}")).isEqualTo("advised(hi)");
    }

    private static final MethodInterceptor ADVICE = invocation -> "advised(" + invocation.proceed() + ")";

    static class Shouter {
        @Task(name = "shout")
        public String shout(String text) {
            return text.toUpperCase();
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
}
