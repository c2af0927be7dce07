package org.chapkit.tasks.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterProperty;
import org.chapkit.tasks.web.HostileServer.Answer;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the hostile-input properties share: the server, a fixed seed and number of tries (jqwik prints the seed of
 * a failure, and {@code @Property(seed = ...)} on one property explores another), and the check after each property
 * that the service is still well: healthy, and running a job as it should.
 */
abstract class HostileProperties {

    /** Every property's seed: the same values each run. */
    static final String SEED = "20261203";
    static final int TRIES = 200;

    final HostileServer server = HostileServer.get();

    @AfterProperty
    void theServiceStaysWell() {
        Answer health = AnswerChecks.check(server.get("/actuator/health"), 200);
        assertThat(health.json().path("status").asString()).as("%s", health).isEqualTo("UP");
        Answer accepted = AnswerChecks.check(server.postJson("/api/v1/tasks/greet_user/$execute", "{\"params\": {\"name\": \"Ada\"}}"), 202);
        String job = "/api/v1/jobs/" + accepted.json().path("job_id").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.get(job).json().path("status").asString().equals("completed"));
        Answer artifact = server.get("/api/v1/artifacts/" + accepted.json().path("artifact_id").asString());
        assertThat(artifact.json().at("/data/result/message").asString()).as("%s", artifact).isEqualTo("Hello, Ada!");
    }

    /** Counts the answer's status among the property's statistics (jqwik prints them with {@code jqwik.reporting.onlyfailures=false}). */
    static Answer tally(Answer answer) {
        Statistics.label("status").collect(answer.status());
        return answer;
    }

    /** The example tasks as {@code GET /api/v1/tasks} lists them. */
    List<JsonNode> tasks() {
        return server.tasks();
    }

    /** How many jobs there are: a refused request must not change it. */
    long jobCount() {
        return server.get("/api/v1/jobs?size=1").json().path("total").asLong();
    }

    /** Deletes the job an accepted request made (a long {@code simulate_work} among them) so none outlives its property. */
    void deleteJobOf(Answer accepted) {
        JsonNode body = accepted.json();
        String id = body.has("job_id") ? body.get("job_id").asString() : body.path("id").asString();
        AnswerChecks.check(server.send("DELETE", "/api/v1/jobs/" + id, new byte[0]), 204, 404);
    }

    /** {@code text} percent-encoded as one path segment or query value: every byte of its UTF-8 but the unreserved ones. */
    static String encoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
    }
}
