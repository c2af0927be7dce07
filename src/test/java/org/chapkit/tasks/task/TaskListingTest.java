package org.chapkit.tasks.task;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The cached listing is always the registry's: a task registered again is listed as it is now. */
class TaskListingTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final TaskRegistry registry = TaskTestSupport.registry();
    private final TaskListing listing = new TaskListing(registry, json);

    @Test
    void listsWhatTheRegistryHoldsNow() {
        registry.register(TaskTestSupport.noParams("b").withDescription("first").withTags("x"));
        registry.register(TaskTestSupport.noParams("a"));
        assertThat(names(List.of())).containsExactly("a", "b");
        assertThat(read(List.of()).get(1).get("description").asString()).isEqualTo("first");

        registry.unregister("b");
        registry.register(TaskTestSupport.noParams("b").withDescription("second").withTags("x"));
        registry.register(TaskTestSupport.noParams("c"));
        assertThat(read(List.of()).get(1).get("description").asString()).isEqualTo("second");
        assertThat(names(List.of("x"))).containsExactly("b");

        registry.unregister("a");
        assertThat(names(List.of())).containsExactly("b", "c");
        assertThat(names(List.of("nope"))).isEmpty();
    }

    @Test
    void isTheSameJsonAsTheMapperWritesForTheList() {
        registry.register(TaskTestSupport.noParams("a").withTags("x", "y"));
        registry.register(TaskTestSupport.noParams("b"));
        assertThat(read(List.of())).isEqualTo(json.readTree(json.writeValueAsBytes(registry.list())));
    }

    private JsonNode read(List<String> tags) {
        return json.readTree(listing.list(tags));
    }

    private List<String> names(List<String> tags) {
        return read(tags).valueStream().map(task -> task.get("name").asString()).toList();
    }
}
