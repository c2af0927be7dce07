package org.chapkit.tasks.task;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chapkit.tasks.task.TaskTestSupport.binder;
import static org.chapkit.tasks.task.TaskTestSupport.params;
import static org.chapkit.tasks.task.TaskTestSupport.registry;
import static org.chapkit.tasks.task.TaskTestSupport.run;

/** Every kind of parameter arrives in the task as the typed value the client meant. */
class ParamBinderTest {

    enum Color { RED, GREEN }

    record Address(@NotBlank String street, @Pattern(regexp = "\\d{5}") String zipCode) {
    }

    record Customer(String fullName, @Valid Address address) {
    }

    @Test
    void bindsPrimitives() throws Exception {
        Object received = run(new Probe() {
            @Task(name = "primitives")
            List<Object> run(int count, long total, double ratio, boolean flag) {
                return List.of(count, total, ratio, flag);
            }
        }, "{'count': 7, 'total': 10000000000, 'ratio': 0.25, 'flag': true}");
        assertThat(received).isEqualTo(List.of(7, 10_000_000_000L, 0.25, true));
    }

    @Test
    void bindsBoxedValues() throws Exception {
        Object received = run(new Probe() {
            @Task(name = "boxes")
            List<Object> run(Integer count, Long total, Double ratio, Boolean flag) {
                return List.of(count, total, ratio, flag);
            }
        }, "{'count': -3, 'total': 5, 'ratio': 2, 'flag': false}");
        assertThat(received).isEqualTo(List.of(-3, 5L, 2.0, false));
    }

    @Test
    void bindsStringsAndEnums() throws Exception {
        Object received = run(new Probe() {
            @Task(name = "text")
            List<Object> run(String name, Color color) {
                return List.of(name, color);
            }
        }, "{'name': 'Ada', 'color': 'GREEN'}");
        assertThat(received).isEqualTo(List.of("Ada", Color.GREEN));
    }

    @Test
    void bindsNestedRecordsWithSnakeCaseFieldNames() throws Exception {
        Object received = run(new Probe() {
            @Task(name = "customer")
            Customer run(@Valid Customer customer) {
                return customer;
            }
        }, "{'customer': {'full_name': 'Ada L', 'address': {'street': 'Main St', 'zip_code': '12345'}}}");
        assertThat(received).isEqualTo(new Customer("Ada L", new Address("Main St", "12345")));
    }

    @Test
    void bindsListsAndMaps() throws Exception {
        Object received = run(new Probe() {
            @Task(name = "collections")
            List<Object> run(List<Integer> values, List<Address> addresses, Map<String, Integer> counts) {
                return List.of(values, addresses, counts);
            }
        }, "{'values': [1, 2, 3], 'addresses': [{'street': 'A', 'zip_code': '11111'}], 'counts': {'a': 1, 'b': 2}}");
        assertThat(received).isEqualTo(List.of(List.of(1, 2, 3), List.of(new Address("A", "11111")), Map.of("a", 1, "b", 2)));
    }

    @Test
    void bindsTimeTypesFromIsoStrings() throws Exception {
        Object received = run(new Probe() {
            @Task(name = "time")
            List<Object> run(LocalDate day, Instant at, Duration timeout) {
                return List.of(day, at, timeout);
            }
        }, "{'day': '2026-11-26', 'at': '2026-11-26T10:15:30.123Z', 'timeout': 'PT5M'}");
        assertThat(received).isEqualTo(List.of(LocalDate.of(2026, 11, 26),
                Instant.parse("2026-11-26T10:15:30.123Z"), Duration.ofMinutes(5)));
    }

    @Test
    void anAbsentOrNullOptionalIsEmptyAndAGivenOneIsPresent() throws Exception {
        Probe bean = new Probe() {
            @Task(name = "optional")
            Optional<String> run(Optional<String> nickname) {
                return nickname;
            }
        };
        assertThat(run(bean, "{}")).isEqualTo(Optional.empty());
        assertThat(run(bean, "{'nickname': null}")).isEqualTo(Optional.empty());
        assertThat(run(bean, "{'nickname': 'Ada'}")).isEqualTo(Optional.of("Ada"));
    }

    @Test
    void anAbsentOrNullNullableParameterIsNull() throws Exception {
        Probe bean = new Probe() {
            @Task(name = "nullable")
            String run(@Nullable String nickname) {
                return String.valueOf(nickname);
            }
        };
        assertThat(run(bean, "{}")).isEqualTo("null");
        assertThat(run(bean, "{'nickname': null}")).isEqualTo("null");
        assertThat(run(bean, "{'nickname': 'Ada'}")).isEqualTo("Ada");
    }

    @Test
    void namesAreSnakeCaseUnlessTaskParamSaysOtherwise() throws Exception {
        Probe bean = new Probe() {
            @Task(name = "names")
            List<Object> run(int batchSize, String sourceURL, @TaskParam(name = "x") int renamedValue) {
                return List.of(batchSize, sourceURL, renamedValue);
            }
        };
        TaskRegistry registry = registry();
        registry.registerAnnotated(bean);
        assertThat(registry.require("names").parameters()).extracting(TaskParameter::name)
                .containsExactly("batch_size", "source_url", "x");
        assertThat(run(bean, "{'batch_size': 10, 'source_url': 'u', 'x': 3}")).isEqualTo(List.of(10, "u", 3));
    }

    @Test
    void fillsInDefaultsAndStoresThemWithTheParams() {
        TaskRegistry registry = registry();
        registry.registerAnnotated(new Defaults());
        BoundCall call = binder().bind(registry.require("defaults"), params("{'source': 's3://bucket'}"));

        assertThat(call.params()).isEqualTo(params(
                "{'source': 's3://bucket', 'greeting': 'hello, world', 'batch_size': 100, 'ids': [1, 2],"
                        + " 'color': 'RED', 'day': '2026-01-01'}"));
    }

    @Test
    void theStoredParamsBindAgainToTheSameCallWhenTheJobRuns() throws Exception {
        TaskRegistry registry = registry();
        registry.registerAnnotated(new Defaults());
        TaskDefinition task = registry.require("defaults");
        BoundCall atTheDoor = binder().bind(task, params("{'source': 's', 'color': 'GREEN'}"));

        BoundCall whenRun = binder().bind(task, atTheDoor.params());

        assertThat(whenRun.params()).isEqualTo(atTheDoor.params());
        assertThat(whenRun.call(new TaskTestSupport.StubContext("defaults")))
                .isEqualTo(atTheDoor.call(new TaskTestSupport.StubContext("defaults")));
    }

    @Test
    void defaultsArriveAsTypedValues() throws Exception {
        assertThat(run(new Defaults(), "{'source': 's'}"))
                .isEqualTo(List.of("s", "hello, world", 100, List.of(1, 2), Color.RED, LocalDate.of(2026, 1, 1)));
    }

    @Test
    void aGivenValueBeatsTheDefault() throws Exception {
        assertThat(run(new Defaults(), "{'source': 's', 'batch_size': 5, 'ids': []}"))
                .isEqualTo(List.of("s", "hello, world", 5, List.of(), Color.RED, LocalDate.of(2026, 1, 1)));
    }

    @Test
    void aDurationDefaultIsPlainTextLikeOtherTimeTypes() throws Exception {
        assertThat(run(new Probe() {
            @Task(name = "duration_default")
            Duration run(@TaskParam(defaultValue = "PT5M") Duration timeout) {
                return timeout;
            }
        }, "{}")).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void absentOrNullParamsMeanNone() throws Exception {
        TaskRegistry registry = registry();
        registry.registerAnnotated(new Probe() {
            @Task(name = "all_defaults")
            int run(@TaskParam(defaultValue = "3") int times) {
                return times;
            }
        });
        BoundCall call = binder().bind(registry.require("all_defaults"), null);
        assertThat(call.call(new TaskTestSupport.StubContext("all_defaults"))).isEqualTo(3);
        assertThat(call.params()).isEqualTo(params("{'times': 3}"));
    }

    @Test
    void theContextIsInjectedWhereverItIsDeclaredAndNeverBound() throws Exception {
        Probe bean = new Probe() {
            @Task(name = "with_context")
            String run(TaskContext context, String name, TaskContext again) {
                context.progress(0.5, "half");
                return context.jobId() + "/" + context.taskName() + "/" + name + "/" + (context == again);
            }
        };
        TaskRegistry registry = registry();
        registry.registerAnnotated(bean);
        assertThat(registry.require("with_context").parameters()).extracting(TaskParameter::name).containsExactly("name");
        TaskTestSupport.StubContext context = new TaskTestSupport.StubContext("with_context");

        Object result = binder().bind(registry.require("with_context"), params("{'name': 'Ada'}")).call(context);

        assertThat(result).isEqualTo(context.jobId() + "/with_context/Ada/true");
        assertThat(context.progress).containsExactly(0.5);
    }

    @Test
    void aLambdaReceivesItsParamsRecord() throws Exception {
        record SumParams(int a, @TaskParam(defaultValue = "10") int b, List<Integer> more) {
        }
        TaskDefinition sum = TaskDefinition.of("sum", SumParams.class,
                (p, ctx) -> p.a() + p.b() + p.more().stream().mapToInt(Integer::intValue).sum());
        registry().register(sum);

        BoundCall call = binder().bind(sum, params("{'a': 1, 'more': [100, 1000]}"));

        assertThat(call.call(new TaskTestSupport.StubContext("sum"))).isEqualTo(1111);
        assertThat(call.params()).isEqualTo(params("{'a': 1, 'b': 10, 'more': [100, 1000]}"));
    }

    @Test
    void theStoredParamsAreACopy() {
        TaskDefinition sum = TaskDefinition.of("copy", Customer.class, (p, ctx) -> null);
        BoundCall call = binder().bind(sum, params("{'full_name': 'A', 'address': {'street': 's', 'zip_code': '12345'}}"));
        call.params().put("full_name", "changed");
        assertThat(call.params().get("full_name").asString()).isEqualTo("A");
    }

    /** Anonymous subclasses of this hold one {@code @Task} method each. */
    abstract static class Probe {
    }

    static class Defaults {
        @Task(name = "defaults")
        List<Object> run(String source,
                         @TaskParam(defaultValue = "hello, world") String greeting,
                         @TaskParam(defaultValue = "100") int batchSize,
                         @TaskParam(defaultValue = "[1,2]") List<Integer> ids,
                         @TaskParam(defaultValue = "RED") Color color,
                         @TaskParam(defaultValue = "2026-01-01") LocalDate day) {
            return Arrays.asList(source, greeting, batchSize, ids, color, day);
        }
    }
}
