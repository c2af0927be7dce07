package com.acme.inventory;

import org.chapkit.tasks.task.ParamError;
import org.chapkit.tasks.testing.TaskRun;
import org.chapkit.tasks.testing.TaskTester;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The task on its own: no Spring context, no server, no database. */
class RestockTasksTest {

    private final TaskTester tester = TaskTester.of(new RestockTasks());

    @Test
    void ordersWhatIsMissingInWholePacks() {
        TaskRun run = tester.run("plan_restock", """
                {"request": {"sku": "A-1", "on_hand": 3, "target": 20}, "pack_size": 6}""");

        assertThat(run.completed()).as("%s", run).isTrue();
        assertThat(run.result().toString()).isEqualTo("{\"sku\":\"A-1\",\"order_quantity\":18,\"urgent\":true}");
        assertThat(run.resultAs(RestockTasks.RestockPlan.class)).isEqualTo(new RestockTasks.RestockPlan("A-1", 18, true));
    }

    @Test
    void thePackSizeDefaultsToOne() {
        assertThat(tester.validate("plan_restock", """
                {"request": {"sku": "A-1", "on_hand": 3, "target": 4}}""").get("pack_size").asInt()).isEqualTo(1);
    }

    @Test
    void badParamsAreRefusedAsTheApiRefusesThem() {
        TaskRun run = tester.run("plan_restock", """
                {"request": {"sku": " ", "on_hand": -1, "target": 0}, "pack_size": 0}""");

        assertThat(run.refused()).isTrue();
        assertThat(run.errors()).extracting(ParamError::param)
                .containsExactlyInAnyOrder("request.sku", "request.on_hand", "request.target", "pack_size");
    }
}
