package org.chapkit.tasks.testing;

import java.time.YearMonth;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.chapkit.tasks.task.InvalidParamsException;
import org.chapkit.tasks.task.ParamError;
import org.chapkit.tasks.task.Task;
import org.chapkit.tasks.task.TaskContext;
import org.chapkit.tasks.task.TaskDefinition;
import org.chapkit.tasks.task.TaskNotFoundException;
import org.chapkit.tasks.task.TaskParam;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TaskTester runs a task as the service does: binding, defaults, validation, the 422's errors, the result's JSON. */
class TaskTesterTest {

    record Region(@NotBlank String countryCode, @Nullable String name) {
    }

    record Report(YearMonth month, String countryCode, int rowCount, @Nullable String note) {
    }

    static class ReportTasks {

        @Task(name = "monthly_report", tags = "reports")
        Report monthly(@TaskParam(description = "The month") YearMonth month, Region region,
                       @TaskParam(defaultValue = "10") @Min(1) @Max(100) int rows, TaskContext context) {
            context.progress(0.5, "half way");
            context.saveArtifact(Map.of("rows", rows));
            return new Report(month, region.countryCode(), rows, null);
        }

        @Task(name = "explode")
        String explode(@TaskParam(defaultValue = "boom") String message) {
            throw new IllegalStateException(message);
        }

        @Task(name = "wait_for_cancel")
        String waitForCancel(TaskContext context) {
            context.throwIfCancelled();
            return "not canceled";
        }
    }

    private final TaskTester tester = TaskTester.of(new ReportTasks());

    @Test
    void runsATaskAndGivesItsResultAsTheServiceStoresIt() {
        TaskRun run = tester.run("monthly_report", """
                {"month": "2026-11", "region": {"country_code": "NO"}}""");

        assertThat(run.completed()).as("%s", run).isTrue();
        assertThat(run.result().toString())
                .isEqualTo("{\"month\":\"2026-11\",\"country_code\":\"NO\",\"row_count\":10,\"note\":null}");
        assertThat(run.resultAs(Report.class)).isEqualTo(new Report(YearMonth.of(2026, 11), "NO", 10, null));
        assertThat(run.params().toString()).isEqualTo("{\"month\":\"2026-11\",\"region\":{\"country_code\":\"NO\"},\"rows\":10}");
        assertThat(run.context().progress()).containsExactly(new TestTaskContext.Progress(0.5, "half way"));
        assertThat(run.context().artifacts()).singleElement().extracting(TestTaskContext.SavedArtifact::data).isEqualTo(Map.of("rows", 10));
    }

    @Test
    void refusesEveryBadParameterAtOnceAsThe422ListsThem() {
        TaskRun run = tester.run("monthly_report", """
                {"month": "November", "region": {"country_code": " "}, "rows": 500, "colour": "red"}""");

        assertThat(run.refused()).isTrue();
        assertThat(run.errors()).extracting(ParamError::param)
                .containsExactlyInAnyOrder("month", "region.country_code", "rows", "colour");
        assertThatThrownBy(() -> tester.validate("monthly_report", "{}"))
                .isInstanceOfSatisfying(InvalidParamsException.class, e -> assertThat(e.errors()).extracting(ParamError::param)
                        .containsExactlyInAnyOrder("month", "region"));
    }

    @Test
    void aTaskThatThrowsFailsWithItsErrorType() {
        TaskRun run = tester.run("explode", Map.of("message", "no luck"));

        assertThat(run.failed()).isTrue();
        assertThat(run.errorType()).isEqualTo("IllegalStateException");
        assertThat(run.error()).hasMessage("no luck");
    }

    @Test
    void aCanceledRunIsCanceled() {
        TestTaskContext context = new TestTaskContext("job-1", "wait_for_cancel");
        context.cancel();

        assertThat(tester.run("wait_for_cancel", "", context).canceled()).isTrue();
        assertThat(tester.run("wait_for_cancel", "").result().asString()).isEqualTo("not canceled");
    }

    @Test
    void describesTasksAsTheApiDoes() {
        tester.register(TaskDefinition.of("sum", Sum.class, (params, context) -> params.a() + params.b()));

        assertThat(tester.tasks()).extracting(info -> info.name())
                .containsExactly("explode", "monthly_report", "sum", "wait_for_cancel");
        assertThat(tester.task("monthly_report").tags()).containsExactly("reports");
        assertThat(tester.task("monthly_report").paramsSchema().get("required").toString()).isEqualTo("[\"month\",\"region\"]");
        assertThat(tester.run("sum", "{\"a\": 2, \"b\": 3}").result().asInt()).isEqualTo(5);
        assertThatThrownBy(() -> tester.run("nope", "{}")).isInstanceOf(TaskNotFoundException.class);
    }

    @Test
    void aTaskThatCannotBeRegisteredSaysWhy() {
        assertThatThrownBy(() -> TaskTester.of(new Object() {
            @Task(name = "has space")
            void run() {
            }
        })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has space");
    }

    record Sum(int a, int b) {
    }
}
