package org.chapkit.tasks.task;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.chapkit.tasks.task.TaskTestSupport.noParams;
import static org.chapkit.tasks.task.TaskTestSupport.registry;

class TaskRegistryTest {

    private final TaskRegistry registry = registry("off_by_config");

    @ParameterizedTest
    @ValueSource(strings = {"greet_user", "process-data", "task123", "A", "_-_"})
    void acceptsNamesOfLettersDigitsUnderscoresAndDashes(String name) {
        assertThat(registry.register(noParams(name)).name()).isEqualTo(name);
        assertThat(registry.get(name)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"has space", "a/b", "", "ü", "dot.ted", "tab\t", "new\nline"})
    void refusesOtherNamesAndSaysWhichRuleWasBroken(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> registry.register(noParams(name)))
                .withMessageContaining("'" + name + "'")
                .withMessageContaining("^[a-zA-Z0-9_-]+$")
                .withMessageContaining("lambda task");
        assertThat(registry.list()).isEmpty();
    }

    @Test
    void refusesAnAnnotatedMethodWithABadNameAndNamesTheMethod() {
        assertThatIllegalArgumentException().isThrownBy(() -> registry.registerAnnotated(new BadlyNamed()))
                .withMessageContaining("BadlyNamed.run")
                .withMessageContaining("'has space'");
    }

    @Test
    void refusesASecondTaskOfTheSameNameAndNamesBothPlaces() {
        registry.registerAnnotated(new First());
        assertThatIllegalArgumentException().isThrownBy(() -> registry.registerAnnotated(new Second()))
                .withMessageContaining("'shared'")
                .withMessageContaining("First.run")
                .withMessageContaining("Second.run");
        assertThat(registry.require("shared").source()).contains("First.run");
    }

    @Test
    void refusesALambdaWhoseNameIsTaken() {
        registry.register(noParams("shared"));
        assertThatIllegalArgumentException().isThrownBy(() -> registry.register(noParams("shared")))
                .withMessageContaining("used twice");
        assertThat(registry.list()).hasSize(1);
    }

    @Test
    void listsEveryTaskSortedByName() {
        for (String name : List.of("zeta", "alpha", "Mid", "beta-2", "beta_1", "0first")) {
            registry.register(noParams(name));
        }
        assertThat(names(registry.list())).containsExactly("0first", "Mid", "alpha", "beta-2", "beta_1", "zeta");
    }

    @Test
    void listsByTagsTheTasksThatCarryAllOfThem() {
        registry.register(noParams("load").withTags("data", "etl"));
        registry.register(noParams("clean").withTags("etl", "data", "slow"));
        registry.register(noParams("plot").withTags("data"));
        registry.register(noParams("untagged"));

        assertThat(names(registry.listByTags(List.of("data", "etl")))).containsExactly("clean", "load");
        assertThat(names(registry.listByTags(List.of("etl")))).containsExactly("clean", "load");
        assertThat(names(registry.listByTags(List.of("data")))).containsExactly("clean", "load", "plot");
        assertThat(names(registry.listByTags(List.of("data", "missing")))).isEmpty();
        assertThat(names(registry.listByTags(List.of()))).containsExactly("clean", "load", "plot", "untagged");
    }

    @Test
    void tagsAreShownSorted() {
        TaskInfo info = registry.register(noParams("tagged").withTags("zeta", "alpha", "mid"));
        assertThat(info.tags()).containsExactly("alpha", "mid", "zeta");
    }

    @Test
    void unregisterRemovesATaskFromEveryViewAtOnce() {
        registry.register(noParams("keep").withTags("t"));
        registry.register(noParams("drop").withTags("t"));

        assertThat(registry.unregister("drop")).isTrue();
        assertThat(registry.unregister("drop")).isFalse();
        assertThat(registry.get("drop")).isEmpty();
        assertThat(registry.info("drop")).isEmpty();
        assertThat(registry.isEnabled("drop")).isFalse();
        assertThat(names(registry.list())).containsExactly("keep");
        assertThat(names(registry.listByTags(List.of("t")))).containsExactly("keep");
    }

    @Test
    void aRemovedNameCanBeRegisteredAgain() {
        registry.register(noParams("reload").withDescription("old"));
        registry.unregister("reload");
        registry.register(noParams("reload").withDescription("new"));
        assertThat(registry.info("reload")).get().extracting(TaskInfo::description).isEqualTo("new");
    }

    @Test
    void clearRemovesEverythingAndAllowsAFreshStart() {
        registry.register(noParams("a"));
        registry.registerAnnotated(new First());
        registry.clear();
        assertThat(registry.list()).isEmpty();
        assertThat(registry.get("shared")).isEmpty();

        registry.registerAnnotated(new First());
        assertThat(names(registry.list())).containsExactly("shared");
    }

    @Test
    void getInfoAndRequireFindARegisteredTask() {
        TaskDefinition task = noParams("present").withDescription("Is here.");
        TaskInfo registered = registry.register(task);

        assertThat(registry.get("present")).containsSame(task);
        assertThat(registry.require("present")).isSameAs(task);
        assertThat(registry.info("present")).contains(registered);
        assertThat(registered.description()).isEqualTo("Is here.");
        assertThat(registered.enabled()).isTrue();
        assertThat(registry.isEnabled("present")).isTrue();
    }

    @Test
    void anUnknownNameIsEmptyOrNotFound() {
        assertThat(registry.get("absent")).isEmpty();
        assertThat(registry.info("absent")).isEmpty();
        assertThat(registry.isEnabled("absent")).isFalse();
        assertThatThrownBy(() -> registry.require("absent"))
                .isInstanceOfSatisfying(TaskNotFoundException.class, e -> assertThat(e.taskName()).isEqualTo("absent"))
                .hasMessageContaining("'absent'");
    }

    @Test
    void aTaskDisabledByItsAnnotationIsListedButNotEnabled() {
        registry.registerAnnotated(new Switchable());

        assertThat(registry.info("off_by_annotation")).get().extracting(TaskInfo::enabled).isEqualTo(false);
        assertThat(registry.isEnabled("off_by_annotation")).isFalse();
        assertThat(registry.info("on")).get().extracting(TaskInfo::enabled).isEqualTo(true);
        assertThat(registry.isEnabled("on")).isTrue();
        assertThat(names(registry.list())).containsExactly("off_by_annotation", "on");
    }

    @Test
    void aTaskDisabledByConfigurationIsListedButNotEnabled() {
        TaskInfo info = registry.register(noParams("off_by_config"));

        assertThat(info.enabled()).isFalse();
        assertThat(registry.isEnabled("off_by_config")).isFalse();
        assertThat(registry.require("off_by_config").enabled()).as("the definition itself").isTrue();
        assertThat(names(registry.list())).containsExactly("off_by_config");
    }

    @Test
    void aLambdaCanBeDisabled() {
        assertThat(registry.register(noParams("lambda_off").withEnabled(false)).enabled()).isFalse();
        assertThat(registry.isEnabled("lambda_off")).isFalse();
    }

    @Test
    void registerAnnotatedRegistersEveryTaskMethodOfTheBean() {
        List<TaskInfo> registered = registry.registerAnnotated(new Switchable());
        assertThat(names(registered)).containsExactlyInAnyOrder("on", "off_by_annotation");
    }

    @Test
    void aBeanWithOneBadTaskRegistersNoneOfItsTasks() {
        assertThatIllegalArgumentException().isThrownBy(() -> registry.registerAnnotated(new PartlyBad()));
        assertThat(registry.list()).as("tasks left behind by a refused bean").isEmpty();
    }

    static List<String> names(List<TaskInfo> infos) {
        return infos.stream().map(TaskInfo::name).toList();
    }

    static class BadlyNamed {
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

    static class PartlyBad {
        @Task(name = "a_fine_task")
        void fine() {
        }

        @Task(name = "b bad name")
        void bad() {
        }
    }

    static class Switchable {
        @Task(name = "on")
        void on() {
        }

        @Task(name = "off_by_annotation", enabled = false)
        void off() {
        }
    }
}
