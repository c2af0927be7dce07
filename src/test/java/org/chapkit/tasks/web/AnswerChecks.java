package org.chapkit.tasks.web;

import java.util.List;
import java.util.regex.Pattern;

import org.chapkit.tasks.web.HostileServer.Answer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * What every answer to hostile input must be: never a 5xx; an error is {@code application/problem+json} with a
 * {@code type} of ours, a {@code title} and the {@code status} of the response; and no body shows the service's
 * insides (a Java class name, a stack frame, an exception, a parser's own wording).
 */
final class AnswerChecks {

    /** Text that only the service's insides write. Generated input is kept free of it, so an echo cannot match. */
    static final List<Pattern> INSIDES = List.of(
            Pattern.compile("\\b(java|javax|jakarta|org|com|net|sun|tools)\\.[a-z]+\\.[A-Za-z.]+"),
            Pattern.compile("\\bat [a-z_$][\\w$]*(\\.[\\w$]+)+\\("),
            Pattern.compile("Exception"),
            // a member of a class by name, as parsers write their settings: StreamReadConstraints.getMaxNestingDepth()
            Pattern.compile("\\b[A-Z][a-z]+([A-Z][a-z]+)+\\.([a-z]\\w*\\(|[A-Z][A-Z_]{2,})"),
            Pattern.compile("\\[Source: "));
    private static final Pattern TYPE = Pattern.compile("urn:chapkit:error:[a-z-]+");

    private AnswerChecks() {
    }

    /** Whether {@code text} may be sent without looking like the service's insides when it is echoed. */
    static boolean harmless(String text) {
        return INSIDES.stream().noneMatch(pattern -> pattern.matcher(text).find());
    }

    /** Checks an answer, its body included; {@code statuses} are the ones the request may get, empty for any but a 5xx. */
    static Answer check(Answer answer, int... statuses) {
        checkStatusAndProblem(answer, statuses);
        for (Pattern insides : INSIDES) {
            assertThat(insides.matcher(answer.body()).find()).as("the body shows the service's insides (%s): %s", insides, answer).isFalse();
        }
        return answer;
    }

    /**
     * Checks an answer whose success body may hold what tasks wrote (a failed job's error and traceback, params as
     * sent): its status and, for an error, its problem, but not the success body's text.
     */
    static Answer checkStoredData(Answer answer, int... statuses) {
        if (answer.status() >= 400) {
            return check(answer, statuses);
        }
        checkStatusAndProblem(answer, statuses);
        return answer;
    }

    private static void checkStatusAndProblem(Answer answer, int[] statuses) {
        assertThat(answer.status()).as("a 5xx: %s", answer).isLessThan(500);
        if (statuses.length > 0) {
            assertThat(answer.status()).as("the status of %s", answer).isIn(box(statuses));
        }
        if (answer.status() >= 400) {
            checkProblem(answer);
        }
    }

    private static void checkProblem(Answer answer) {
        assertThat(answer.header("Content-Type")).as("the content type of %s", answer).startsWith("application/problem+json");
        JsonNode problem;
        try {
            problem = answer.json();
        } catch (JacksonException e) {
            throw new AssertionError("the problem is not JSON: " + answer, e);
        }
        if (!problem.isObject()) {
            fail("the problem is not a JSON object: " + answer);
        }
        assertThat(problem.path("type").asString("")).as("the type of %s", answer).matches(TYPE);
        assertThat(problem.path("title").asString("")).as("the title of %s", answer).isNotBlank();
        assertThat(problem.path("status").isInt() ? problem.get("status").asInt() : -1).as("the status in %s", answer)
                .isEqualTo(answer.status());
    }

    private static Integer[] box(int[] statuses) {
        Integer[] boxed = new Integer[statuses.length];
        for (int i = 0; i < statuses.length; i++) {
            boxed[i] = statuses[i];
        }
        return boxed;
    }
}
