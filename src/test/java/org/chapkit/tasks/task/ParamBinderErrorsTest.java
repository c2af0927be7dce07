package org.chapkit.tasks.task;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.chapkit.tasks.task.TaskTestSupport.assertRefused;
import static org.chapkit.tasks.task.TaskTestSupport.error;
import static org.chapkit.tasks.task.TaskTestSupport.lambda;

/** A value that cannot be bound is refused with the parameter's name, a path into it, and what was expected. */
class ParamBinderErrorsTest {

    enum Color { RED, GREEN }

    record Address(String street, String zipCode) {
    }

    record Count(int count) {
    }

    record Total(long total, Integer boxed) {
    }

    record Name(String name) {
    }

    record Flag(boolean flag) {
    }

    record Paint(Color color) {
    }

    record Day(LocalDate day) {
    }

    record Values(List<Integer> values) {
    }

    record Mail(Address address) {
    }

    record Counts(Map<String, Integer> counts) {
    }

    record Many(int count, String name, boolean flag, List<Integer> values) {
    }

    @Test
    void anUnknownNameIsRefusedWithTheNamesThatExist() {
        assertRefused(lambda(Many.class), "{'count': 1, 'name': 'n', 'flag': true, 'values': [], 'cuont': 2}")
                .containsExactly(error("cuont", "is not a parameter of this task; it takes count, flag, name, values"));
    }

    @Test
    void anyNameIsUnknownToATaskWithoutParameters() {
        assertRefused(TaskTestSupport.noParams("none"), "{'x': 1}")
                .containsExactly(error("x", "is not a parameter of this task, which takes none"));
    }

    @Test
    void aMissingRequiredParameterIsRefused() {
        assertRefused(lambda(Count.class), "{}").containsExactly(error("count", "is required"));
    }

    @Test
    void anExplicitNullIsRefusedForAParameterThatCannotBeNull() {
        assertRefused(lambda(Count.class), "{'count': null}").containsExactly(error("count", "must not be null"));
        assertRefused(lambda(Name.class), "{'name': null}").containsExactly(error("name", "must not be null"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"'1'", "1.5", "true", "[1]", "{}", "''"})
    void anIntegerParameterTakesOnlyAnInteger(String value) {
        assertRefused(lambda(Count.class), "{'count': " + value + "}").containsExactly(error("count", "must be an integer"));
    }

    @Test
    void anIntegerOutOfRangeIsRefused() {
        assertRefused(lambda(Count.class), "{'count': 10000000000}")
                .containsExactly(error("count", "is out of range for an integer"));
    }

    @Test
    void aLongOrBoxedIntegerIsRefusedAFractionOrText() {
        assertRefused(lambda(Total.class), "{'total': 1.5, 'boxed': '2'}")
                .containsExactly(error("total", "must be an integer"), error("boxed", "must be an integer"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "true", "1.5", "[]", "{}"})
    void aStringParameterTakesOnlyAString(String value) {
        assertRefused(lambda(Name.class), "{'name': " + value + "}").containsExactly(error("name", "must be a string"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "0", "'true'", "'yes'"})
    void aBooleanParameterTakesOnlyABoolean(String value) {
        assertRefused(lambda(Flag.class), "{'flag': " + value + "}").containsExactly(error("flag", "must be a boolean"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"'BLUE'", "'red'", "''"})
    void anEnumParameterListsTheAllowedValues(String value) {
        assertRefused(lambda(Paint.class), "{'color': " + value + "}")
                .containsExactly(error("color", "must be one of [RED, GREEN]"));
    }

    /** The schema says "a string, one of RED, GREEN"; an ordinal is not one of them. */
    @Test
    void anEnumParameterIsRefusedANumber() {
        assertRefused(lambda(Paint.class), "{'color': 0}").containsExactly(error("color", "must be one of [RED, GREEN]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"'2026-13-01'", "'26.11.2026'", "'2026-02-30'", "20261126", "[2026, 11, 26]", "[]", "' 2026-11-26'"})
    void aDateMustBeAnIsoDate(String value) {
        assertRefused(lambda(Day.class), "{'day': " + value + "}")
                .containsExactly(error("day", "must be an ISO-8601 string for LocalDate, like 2026-11-26"));
    }

    /** A date-time is not a date: binding it would silently drop the time of day. */
    @Test
    void aDateParameterIsRefusedADateTime() {
        assertRefused(lambda(Day.class), "{'day': '2026-11-26T23:30:00'}")
                .containsExactly(error("day", "must be an ISO-8601 string for LocalDate, like 2026-11-26"));
    }

    @Test
    void aWrongListElementIsNamedByItsIndex() {
        assertRefused(lambda(Values.class), "{'values': [1, 'x', 3]}").containsExactly(error("values[1]", "must be an integer"));
    }

    /** The schema's items are not nullable unless the type argument is {@code @Nullable}; neither is the binder. */
    @Test
    void aNullItemIsRefusedUnlessTheItemsAreNullable() {
        assertRefused(lambda(Values.class), "{'values': [1, null]}").containsExactly(error("values[1]", "must not be null"));
    }

    @Test
    void aListParameterTakesOnlyAnArray() {
        assertRefused(lambda(Values.class), "{'values': 5}").containsExactly(error("values", "must be an array"));
    }

    @Test
    void aWrongMapValueIsNamedByItsKey() {
        assertRefused(lambda(Counts.class), "{'counts': {'a': 1, 'b': 'two'}}")
                .containsExactly(error("counts.b", "must be an integer"));
    }

    @Test
    void aWrongRecordFieldIsNamedByItsPath() {
        assertRefused(lambda(Mail.class), "{'address': {'street': 'Main St', 'zip_code': 12345}}")
                .containsExactly(error("address.zip_code", "must be a string"));
    }

    @Test
    void anUnknownRecordFieldIsNamedByItsPath() {
        assertRefused(lambda(Mail.class), "{'address': {'street': 'Main St', 'zip_code': '12345', 'floor': 2}}")
                .containsExactly(error("address.floor", "is not a known field"));
    }

    @Test
    void aRecordFieldInCamelCaseIsUnknown() {
        assertRefused(lambda(Mail.class), "{'address': {'street': 'Main St', 'zipCode': '12345'}}")
                .containsExactly(error("address.zipCode", "is not a known field"));
    }

    @Test
    void aRecordParameterTakesOnlyAnObject() {
        assertRefused(lambda(Mail.class), "{'address': 'Main St 1'}").containsExactly(error("address", "must be an object"));
    }

    @Test
    void everyOffendingParameterIsReportedAtOnceInDeclarationOrder() {
        assertRefused(lambda(Many.class), "{'zzz': 0, 'flag': 1, 'count': '3', 'values': [1, 2, null, 'x'], 'aaa': 0}")
                .containsExactly(
                        error("count", "must be an integer"),
                        error("name", "is required"),
                        error("flag", "must be a boolean"),
                        error("values[3]", "must be an integer"),
                        error("zzz", "is not a parameter of this task; it takes count, flag, name, values"),
                        error("aaa", "is not a parameter of this task; it takes count, flag, name, values"));
    }

    @Test
    void anAnnotatedMethodIsRefusedTheSameWay() {
        assertRefused(new Object() {
            @Task(name = "method")
            void run(int count, TaskContext context, String name) {
            }
        }, "{'count': 1.5, 'name': 5, 'context': {}}").containsExactly(
                error("count", "must be an integer"),
                error("name", "must be a string"),
                error("context", "is not a parameter of this task; it takes count, name"));
    }
}
