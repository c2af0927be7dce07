package org.chapkit.tasks.task;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chapkit.tasks.task.TaskTestSupport.assertRefused;
import static org.chapkit.tasks.task.TaskTestSupport.binder;
import static org.chapkit.tasks.task.TaskTestSupport.error;
import static org.chapkit.tasks.task.TaskTestSupport.lambda;
import static org.chapkit.tasks.task.TaskTestSupport.params;

/**
 * JSON has no NaN or infinity, and a params schema's {@code "type": "number"} admits neither: a parameter is refused
 * the text forms Jackson would turn into them ({@code "NaN"}, {@code "Infinity"}) and a number too large for a double
 * ({@code 1e400}, which would become infinity), wherever it sits in the params.
 */
class FiniteNumbersTest {

    record Measure(double value) {
    }

    record Ratio(Float ratio) {
    }

    record Readings(List<Double> readings) {
    }

    record Samples(double[] samples) {
    }

    record Maybe(OptionalDouble value) {
    }

    record Exact(BigDecimal amount) {
    }

    record Anything(Object value) {
    }

    record Nested(Map<String, List<Object>> data) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"'NaN'", "'Infinity'", "'-Infinity'", "'INF'", "'-INF'"})
    void aFloatingPointParameterIsRefusedNaNOrInfinityAsText(String value) {
        assertRefused(lambda(Measure.class), "{'value': " + value + "}").containsExactly(error("value", "must be a number"));
        assertRefused(lambda(Ratio.class), "{'ratio': " + value + "}").containsExactly(error("ratio", "must be a number"));
        assertRefused(lambda(Maybe.class), "{'value': " + value + "}").containsExactly(error("value", "must be a number"));
        assertRefused(lambda(Readings.class), "{'readings': [1, " + value + "]}").containsExactly(error("readings[1]", "must be a number"));
        assertRefused(lambda(Samples.class), "{'samples': [1, 2, " + value + "]}").containsExactly(error("samples[2]", "must be a number"));
    }

    static List<String> outOfRange() {
        return List.of("1e400", "-1e400", "1e309", "1" + "0".repeat(400));
    }

    @ParameterizedTest
    @MethodSource("outOfRange")
    void aNumberOutsideTheRangeOfADoubleIsRefused(String value) {
        assertRefused(lambda(Measure.class), "{'value': " + value + "}").containsExactly(error("value", "is out of range for a number"));
        assertRefused(lambda(Readings.class), "{'readings': [" + value + "]}").containsExactly(error("readings[0]", "is out of range for a number"));
        assertRefused(lambda(Samples.class), "{'samples': [0, " + value + "]}").containsExactly(error("samples[1]", "is out of range for a number"));
        assertRefused(lambda(Exact.class), "{'amount': " + value + "}").containsExactly(error("amount", "is out of range for a number"));
        assertRefused(lambda(Anything.class), "{'value': " + value + "}").containsExactly(error("value", "is out of range for a number"));
        assertRefused(lambda(Nested.class), "{'data': {'a': [1, {'b': " + value + "}]}}")
                .containsExactly(error("data.a[1].b", "is out of range for a number"));
    }

    @Test
    void aNumberOutsideTheRangeOfAFloatIsRefusedForAFloat() {
        assertRefused(lambda(Ratio.class), "{'ratio': 1e39}").containsExactly(error("ratio", "is out of range for a number"));
    }

    @Test
    void theLargestAndSmallestFiniteNumbersBind() {
        assertThat(binder().bind(lambda(Measure.class), params("{'value': 1.7976931348623157e308}")).params().get("value").asDouble())
                .isEqualTo(Double.MAX_VALUE);
        assertThat(binder().bind(lambda(Measure.class), params("{'value': -4.9e-324}")).params().get("value").asDouble())
                .isEqualTo(-Double.MIN_VALUE);
        assertThat(binder().bind(lambda(Ratio.class), params("{'ratio': 3.4e38}")).params().get("ratio").asDouble()).isEqualTo(3.4e38);
        assertThat(binder().bind(lambda(Anything.class), params("{'value': 'NaN'}")).params().get("value").asString()).isEqualTo("NaN");
    }
}
