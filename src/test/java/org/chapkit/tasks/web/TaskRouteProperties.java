package org.chapkit.tasks.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.chapkit.tasks.task.web.SchemaSamples;
import org.chapkit.tasks.web.HostileServer.Answer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chapkit.tasks.web.AnswerChecks.check;

/** Hostile names, bodies and params on {@code /api/v1/tasks}, {@code /{name}}, {@code $execute} and {@code $validate}. */
class TaskRouteProperties extends HostileProperties {

    @Property(tries = TRIES, seed = SEED)
    void anyNameIsATaskOrAProblem(@ForAll("names") String name, @ForAll("routes") String route) {
        String path = "/api/v1/tasks/" + encoded(name) + route;
        Answer answer = tally(route.isEmpty() ? check(server.get(path), 200, 400, 404)
                : check(server.postJson(path, "{\"params\": {}}"), 200, 202, 400, 404, 422));
        if (answer.status() == 202) {
            deleteJobOf(answer);
        }
    }

    @Property(tries = TRIES, seed = SEED)
    void anyTagsListTasks(@ForAll("tagQueries") String query) {
        Answer answer = tally(check(server.get("/api/v1/tasks?" + query), 200, 400));
        if (answer.status() == 200) {
            assertThat(answer.json().isArray()).as("%s", answer).isTrue();
        }
    }

    /** Whatever the body, a request is answered with a problem or accepted; a refused one creates no job. */
    @Property(tries = TRIES, seed = SEED)
    void aHostileBodyIsRefusedBeforeAnyJob(@ForAll("taskNames") String task, @ForAll("bodies") byte[] body,
                                           @ForAll boolean execute) {
        long jobs = jobCount();
        Answer answer = server.send("POST", "/api/v1/tasks/" + task + (execute ? "/$execute" : "/$validate"), body,
                "Content-Type", "application/json");
        tally(check(answer, execute ? new int[] {202, 400, 413, 422} : new int[] {200, 400, 413, 422}));
        if (answer.status() == 202) {
            deleteJobOf(answer);
        } else if (execute) {
            assertThat(jobCount()).as("jobs after %s", answer).isEqualTo(jobs);
        }
    }

    /**
     * Params made from each task's {@code params_schema}: those it admits pass the dry run with every default filled
     * in; a value it refuses (a wrong JSON type, a number or a string out of its rules, a required one left out)
     * is a 422 that names the parameter; and a hostile value is one or the other, never anything else.
     */
    @Property(tries = TRIES, seed = SEED)
    void paramsAreJudgedAsTheirSchemaSays(@ForAll("exampleTasks") JsonNode task, @ForAll Random random,
                                          @ForAll("jsonTexts") String hostile) {
        String validate = "/api/v1/tasks/" + task.get("name").asString() + "/$validate";
        JsonNode schema = task.get("params_schema");
        SchemaSamples samples = new SchemaSamples(schema, random);
        ObjectNode params = samples.validObject(schema);
        Answer passed = check(server.postJson(validate, body(params)), 200);
        assertThat(passed.json().path("valid").asBoolean()).as("%s", passed).isTrue();
        params.propertyNames().forEach(name -> assertThat(passed.json().path("params").has(name)).as("%s keeps %s", passed, name).isTrue());

        List<String> names = new ArrayList<>(schema.path("properties").propertyNames());
        if (names.isEmpty()) {
            check(server.postJson(validate, "{\"params\": {\"x\": " + hostile + "}}"), 400, 422);
            return;
        }
        String name = names.get(random.nextInt(names.size()));
        List<SchemaSamples.Invalid> refused = new ArrayList<>(samples.invalid(schema.get("properties").get(name)));
        refused.add(new SchemaSamples.Invalid("left out", null));
        SchemaSamples.Invalid broken = refused.get(random.nextInt(refused.size()));
        ObjectNode wrong = samples.validObject(schema);
        wrong.remove(name);
        if (broken.value() != null) {
            wrong.set(name, broken.value());
        }
        if (broken.value() != null || samples.isRequired(schema, name)) {
            assertNamed(check(server.postJson(validate, body(wrong)), 422), name, broken.rule());
        }
        params.remove(name);
        String others = params.isEmpty() ? "" : "," + params.toString().substring(1, params.toString().length() - 1);
        tally(check(server.postJson(validate, "{\"params\":{" + HostileValues.quoted(name) + ":" + hostile + others + "}}"), 200, 400, 422));
    }

    private static void assertNamed(Answer answer, String name, String rule) {
        assertThat(answer.json().path("errors").valueStream().map(error -> error.path("param").asString()))
                .as("'%s' %s: %s", name, rule, answer)
                .anyMatch(param -> param.equals(name) || param.startsWith(name + "[") || param.startsWith(name + "."));
    }

    private static String body(ObjectNode params) {
        return HostileServer.JSON.createObjectNode().set("params", params).toString();
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(HostileValues.text(), taskNames(), taskNames().map(String::toUpperCase));
    }

    @Provide
    Arbitrary<String> routes() {
        return Arbitraries.of("", "/$execute", "/$validate");
    }

    @Provide
    Arbitrary<String> taskNames() {
        return Arbitraries.of(tasks().stream().map(task -> task.get("name").asString()).toList());
    }

    @Provide
    Arbitrary<JsonNode> exampleTasks() {
        return Arbitraries.of(tasks());
    }

    @Provide
    Arbitrary<String> tagQueries() {
        Arbitrary<String> tag = Arbitraries.oneOf(HostileValues.text(), Arbitraries.of("data", "etl", "demo", "data,etl", ",,,", "data,,etl", " data "));
        return tag.map(HostileProperties::encoded).list().ofMaxSize(3).map(tags -> "tags=" + String.join("&tags=", tags));
    }

    @Provide
    Arbitrary<String> jsonTexts() {
        return HostileValues.jsonText();
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<String> params = Arbitraries.oneOf(HostileValues.jsonText(),
                HostileValues.jsonText().map(value -> "{\"name\": " + value + ", \"values\": " + value + "}"),
                HostileValues.hugeJsonText().map(value -> "{\"values\": " + value + "}"),
                HostileValues.hugeJsonText().map(value -> "{\"name\": " + value + "}"));
        Arbitrary<String> text = Arbitraries.oneOf(HostileValues.jsonText(), HostileValues.brokenJsonText(),
                params.map(value -> "{\"params\": " + value + "}"),
                params.map(value -> "{\"params\": " + value + ", \"params\": {}}"),
                params.map(value -> "{\"parms\": " + value + "}"));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, text.map(value -> value.getBytes(StandardCharsets.UTF_8))),
                net.jqwik.api.Tuple.of(1, text.map(value -> value.getBytes(StandardCharsets.UTF_16))),
                net.jqwik.api.Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(200)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(new byte[0], new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf},
                        "{\"params\": {\"name\": \"\u00ff\"}}".getBytes(StandardCharsets.ISO_8859_1))));
    }
}
