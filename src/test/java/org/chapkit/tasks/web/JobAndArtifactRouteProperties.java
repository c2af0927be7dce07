package org.chapkit.tasks.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.chapkit.tasks.web.HostileServer.Answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chapkit.tasks.web.AnswerChecks.check;
import static org.chapkit.tasks.web.AnswerChecks.checkStoredData;

/**
 * Hostile ids, methods and query parameters on {@code /api/v1/jobs} and {@code /api/v1/artifacts}: every route of
 * both, with ids that are nearly ULIDs, garbage, traversal, very long, and ids of jobs and artifacts that exist.
 */
class JobAndArtifactRouteProperties extends HostileProperties {

    /** Ids of a job and its artifact that exist when a property starts (a property may delete them). */
    private final List<String> existing = new ArrayList<>();

    @BeforeProperty
    void aJobAndItsArtifactExist() {
        Answer accepted = check(server.postJson("/api/v1/tasks/greet_user/$execute", "{\"params\": {\"name\": \"Grace\"}}"), 202);
        existing.add(accepted.json().get("job_id").asString());
        existing.add(accepted.json().get("artifact_id").asString());
    }

    @Property(tries = TRIES, seed = SEED)
    void anyJobListQueryIsAPageOrABadRequest(@ForAll("queryValues") Optional<String> status, @ForAll("queryValues") Optional<String> taskName,
                                             @ForAll("numbers") Optional<String> page, @ForAll("numbers") Optional<String> size,
                                             @ForAll("queryValues") Optional<String> unknown) {
        String query = query("status", status) + query("task_name", taskName) + query("page", page) + query("size", size)
                + query(unknown.orElse("x"), unknown);
        assertPage(tally(checkStoredData(server.get("/api/v1/jobs?" + query), 200, 400)));
    }

    @Property(tries = TRIES, seed = SEED)
    void anyArtifactListQueryIsAPageOrABadRequest(@ForAll("numbers") Optional<String> page, @ForAll("numbers") Optional<String> size,
                                                  @ForAll("ids") Optional<String> parentId) {
        String query = query("page", page) + query("size", size) + query("parent_id", parentId);
        assertPage(tally(checkStoredData(server.get("/api/v1/artifacts?" + query), 200, 400)));
    }

    /** Every route that takes a job id, and methods they do not take: the job, or a problem of the right kind. */
    @Property(tries = TRIES, seed = SEED)
    void anyJobIdIsAJobOrAProblem(@ForAll("ids") Optional<String> id, @ForAll("jobRoutes") String route) {
        String[] methodAndSuffix = route.split(" /");
        String path = "/api/v1/jobs/" + encoded(id.orElse(existing.get(0))) + suffix(methodAndSuffix);
        Answer answer = tally(checkStoredData(server.send(methodAndSuffix[0], path, new byte[0]), 200, 202, 204, 400, 404, 405, 406, 409));
        if (answer.status() < 300) {
            assertThat(id).as("only a job that exists is answered: %s", answer).isEmpty();
        }
    }

    @Property(tries = TRIES, seed = SEED)
    void anyArtifactIdIsAnArtifactOrAProblem(@ForAll("ids") Optional<String> id, @ForAll("artifactRoutes") String route) {
        String[] methodAndSuffix = route.split(" /");
        String path = "/api/v1/artifacts/" + encoded(id.orElse(existing.get(1))) + suffix(methodAndSuffix);
        Answer answer = tally(checkStoredData(server.send(methodAndSuffix[0], path, new byte[0]), 200, 204, 400, 404, 405, 406));
        if (answer.status() < 300) {
            assertThat(id).as("only an artifact that exists is answered: %s", answer).isEmpty();
        }
    }

    private static String suffix(String[] methodAndSuffix) {
        return methodAndSuffix.length > 1 ? "/" + methodAndSuffix[1] : "";
    }

    private static void assertPage(Answer answer) {
        if (answer.status() == 200) {
            assertThat(answer.json().path("items").isArray()).as("%s", answer).isTrue();
            assertThat(answer.json().path("page").asInt()).as("%s", answer).isPositive();
            assertThat(answer.json().path("size").asInt()).as("%s", answer).isBetween(1, 1000);
        }
    }

    private static String query(String name, Optional<String> value) {
        return value.map(text -> encoded(name) + "=" + encoded(text) + "&").orElse("");
    }

    @Provide
    Arbitrary<Optional<String>> queryValues() {
        return Arbitraries.oneOf(HostileValues.text(), Arbitraries.of("pending", "running", "completed", "failed", "canceled",
                "greet_user", "Completed", " failed ")).optional(0.6);
    }

    @Provide
    Arbitrary<Optional<String>> numbers() {
        return Arbitraries.oneOf(HostileValues.numberText(), HostileValues.text(), Arbitraries.integers().between(-2, 1002).map(String::valueOf),
                Arbitraries.of("0x10", "#10", "+1", "1_000", "1 ", "٣", "2147483647", "-2147483648", "1.0")).optional(0.6);
    }

    /** Absent means the id of one that exists. */
    @Provide
    Arbitrary<Optional<String>> ids() {
        return Arbitraries.oneOf(HostileValues.ulidLike(), HostileValues.text()).optional(0.8);
    }

    @Provide
    Arbitrary<String> jobRoutes() {
        return Arbitraries.of("GET /", "POST /$cancel", "DELETE /", "GET /$stream", "PUT /", "POST /", "GET /$cancel",
                "DELETE /$cancel", "POST /$stream", "PATCH /", "GET /$Cancel", "GET /$download");
    }

    @Provide
    Arbitrary<String> artifactRoutes() {
        return Arbitraries.of("GET /", "GET /$download", "DELETE /", "POST /", "PUT /", "DELETE /$download", "POST /$download",
                "GET /$DOWNLOAD", "GET /$stream");
    }

}
