package org.chapkit.tasks.task;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.chapkit.tasks.task.TaskTestSupport.assertRefused;
import static org.chapkit.tasks.task.TaskTestSupport.error;
import static org.chapkit.tasks.task.TaskTestSupport.lambda;
import static org.chapkit.tasks.task.TaskTestSupport.run;

/** Bean Validation constraints are checked at binding time, with paths in the client's names. */
class ParamBinderValidationTest {

    record Address(@NotBlank String street, @Pattern(regexp = "\\d{5}") String zipCode) {
    }

    record Signup(@Min(1) @Max(10) int seats, @NotBlank String name, @Email String email) {
    }

    record Shipping(@Valid Address address) {
    }

    record Unchecked(Address address) {
    }

    record Addresses(java.util.List<Address> addresses) {
    }

    record Values(List<@Positive Integer> values) {
    }

    record Batch(@Size(min = 1, max = 2) List<@Valid Address> addresses) {
    }

    record Counts(Map<String, @Positive Integer> counts) {
    }

    static class SignupTask {
        @Task(name = "signup")
        String run(@Min(1) @Max(10) int seats, TaskContext context, @NotBlank String name, @Email String email,
                   @Valid Address address) {
            return name + " x" + seats;
        }
    }

    private static final String VALID_ADDRESS = "'address': {'street': 'Main St', 'zip_code': '12345'}";

    @Test
    void aParameterBreakingMinIsRefused() {
        assertRefused(lambda(Signup.class), "{'seats': 0, 'name': 'Ada', 'email': 'ada@example.org'}")
                .containsExactly(error("seats", "must be greater than or equal to 1"));
    }

    @Test
    void aBlankStringBreakingNotBlankIsRefused() {
        assertRefused(lambda(Signup.class), "{'seats': 1, 'name': '  ', 'email': 'ada@example.org'}")
                .containsExactly(error("name", "must not be blank"));
    }

    @Test
    void aMalformedEmailIsRefused() {
        assertRefused(lambda(Signup.class), "{'seats': 1, 'name': 'Ada', 'email': 'not-an-address'}")
                .containsExactly(error("email", "must be a well-formed email address"));
    }

    @Test
    void everyBrokenConstraintIsReportedInDeclarationOrder() {
        assertRefused(lambda(Signup.class), "{'email': 'x', 'name': '', 'seats': 11}").containsExactly(
                error("seats", "must be less than or equal to 10"),
                error("name", "must not be blank"),
                error("email", "must be a well-formed email address"));
    }

    @Test
    void aConstraintInsideAValidRecordIsNamedByItsPath() {
        assertRefused(lambda(Shipping.class), "{'address': {'street': 'Main St', 'zip_code': 'abc'}}")
                .containsExactly(error("address.zip_code", "must match \"\\d{5}\""));
    }

    @Test
    void everyBrokenConstraintInsideARecordIsReported() {
        assertRefused(lambda(Shipping.class), "{'address': {'street': ' ', 'zip_code': 'abc'}}").containsExactly(
                error("address.street", "must not be blank"),
                error("address.zip_code", "must match \"\\d{5}\""));
    }

    /** The schema shows the record's constraints whether or not it is marked @Valid; binding checks them alike. */
    @Test
    void aRecordWithoutValidIsCheckedAsItsSchemaShows() {
        assertRefused(lambda(Unchecked.class), "{'address': {'street': ' ', 'zip_code': 'abc'}}").containsExactly(
                error("address.street", "must not be blank"),
                error("address.zip_code", "must match \"\\d{5}\""));
    }

    @Test
    void recordsInAListAreCheckedWithTheirIndex() {
        assertRefused(lambda(Addresses.class), "{'addresses': [{'street': 'Main St', 'zip_code': '12345'}, {'street': ' ', 'zip_code': '1'}]}")
                .containsExactly(error("addresses[1].street", "must not be blank"), error("addresses[1].zip_code", "must match \"\\d{5}\""));
    }

    @Test
    void aConstraintOnListElementsNamesTheIndex() {
        assertRefused(lambda(Values.class), "{'values': [1, 2, -3, 4, 0]}").containsExactly(
                error("values[2]", "must be greater than 0"),
                error("values[4]", "must be greater than 0"));
    }

    /** Past a thousand elements a list is checked a thousand at a time; the first thousand with a problem are reported. */
    @Test
    void aLongListReportsItsFirstSliceWithProblemsAtTheirIndexes() {
        StringBuilder values = new StringBuilder("{'values': [");
        for (int i = 0; i < 5000; i++) {
            values.append(i == 0 ? "" : ", ").append(i == 1500 || i == 4000 ? "0" : i == 1700 ? "-1" : "1");
        }
        assertRefused(lambda(Values.class), values.append("]}").toString()).containsExactly(
                error("values[1500]", "must be greater than 0"),
                error("values[1700]", "must be greater than 0"));
    }

    /** 200,000 bad elements at once took Bean Validation hours: it is refused with its first thousand problems. */
    @Test
    void aListOfAlikeProblemsAsLargeAsABodyMayHoldIsRefusedWithTheFirstThousand() {
        String zeros = "{'values': [" + String.join(", ", java.util.Collections.nCopies(200_000, "0")) + "]}";
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> assertRefused(lambda(Values.class), zeros)
                .hasSize(1000).contains(error("values[0]", "must be greater than 0"), error("values[999]", "must be greater than 0"))
                .doesNotContain(error("values[1000]", "must be greater than 0")));
    }

    record Holder(String label, Values held) {
    }

    record Matrix(List<List<@Positive Integer>> rows) {
    }

    record Capped(@Size(max = 3) List<@Positive Integer> values) {
    }

    record HoldsCapped(Capped capped) {
    }

    static String zeros(int count) {
        return "[" + String.join(", ", Collections.nCopies(count, "0")) + "]";
    }

    /** A record holding a list as long as the body allows is checked a window at a time too, at any depth. */
    @Test
    void aLongListInsideARecordParameterIsRefusedWithTheFirstThousand() {
        String json = "{'held': {'label': 'x', 'held': {'values': " + zeros(200_000) + "}}}";
        record Outer(Holder held) {
        }
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertRefused(lambda(Outer.class), json)
                .hasSize(1000).contains(error("held.held.values[0]", "must be greater than 0"),
                        error("held.held.values[999]", "must be greater than 0")));
    }

    @Test
    void aLongListInsideARecordOfAMethodTaskReportsProblemsPastItsFirstWindowAtTheirIndexes() {
        StringBuilder values = new StringBuilder("[");
        for (int i = 0; i < 5000; i++) {
            values.append(i == 0 ? "" : ", ").append(i == 2500 ? "0" : "1");
        }
        class HolderTask {
            @Task(name = "hold")
            String hold(@Valid Holder holder) {
                return holder.label();
            }
        }
        assertRefused(new HolderTask(), "{'holder': {'label': 'x', 'held': {'values': " + values + "]}}}")
                .containsExactly(error("holder.held.values[2500]", "must be greater than 0"));
    }

    @Test
    void aLongListInsideAShortListIsCheckedAWindowAtATime() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertRefused(lambda(Matrix.class),
                "{'rows': [[1], " + zeros(200_000) + "]}")
                .hasSize(1000).contains(error("rows[1][0]", "must be greater than 0")));
    }

    @Test
    void aLongMapIsCheckedAWindowAtATime() {
        StringBuilder counts = new StringBuilder("{");
        for (int i = 0; i < 100_000; i++) {
            counts.append(i == 0 ? "" : ", ").append("'k").append(i).append("': 0");
        }
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertRefused(lambda(Counts.class),
                "{'counts': " + counts + "}}")
                .hasSize(1000).contains(error("counts[k0]", "must be greater than 0")));
    }

    /** The size of a long container is a problem of the whole, checked once its elements are known to be good. */
    @Test
    void aLongListWithGoodElementsStillHasItsSizeChecked() {
        String ones = "[" + String.join(", ", Collections.nCopies(5000, "1")) + "]";
        assertRefused(lambda(HoldsCapped.class), "{'capped': {'values': " + ones + "}}")
                .containsExactly(error("capped.values", "size must be between 0 and 3"));
        assertRefused(lambda(Capped.class), "{'values': " + ones + "}")
                .containsExactly(error("values", "size must be between 0 and 3"));
    }

    static class SumTask {
        @Task(name = "sum")
        double sum(List<@NotNull Double> values) {
            return values.stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    /**
     * A list refused for its first null is not handed to Bean Validation as well: its violations, one per null and all
     * alike, would cost time that grows with the square of their number (minutes for a body of nulls within the size limit).
     */
    @Test
    void aListOfNullsAsLargeAsTheBodyLimitAllowsIsRefusedAtOnce() {
        String nulls = String.join(",", Collections.nCopies(200_000, "null"));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertRefused(new SumTask(), "{'values': [" + nulls + "]}")
                .containsExactly(error("values[0]", "must not be null")));
    }

    @Test
    void aConstraintInsideValidListElementsNamesIndexAndField() {
        assertRefused(lambda(Batch.class),
                "{'addresses': [{'street': 'A', 'zip_code': '11111'}, {'street': 'B', 'zip_code': '2'}]}")
                .containsExactly(error("addresses[1].zip_code", "must match \"\\d{5}\""));
    }

    @Test
    void aSizeOnAListIsChecked() {
        assertRefused(lambda(Batch.class), "{'addresses': []}")
                .containsExactly(error("addresses", "size must be between 1 and 2"));
    }

    @Test
    void aConstraintOnMapValuesNamesTheKey() {
        assertRefused(lambda(Counts.class), "{'counts': {'ok': 1, 'bad': -1}}")
                .containsExactly(error("counts[bad]", "must be greater than 0"));
    }

    @Test
    void anAnnotatedMethodIsValidatedTheSameWay() {
        assertRefused(new SignupTask(), "{'seats': 0, 'name': ' ', 'email': 'x', 'address': {'street': 'S', 'zip_code': '1'}}")
                .containsExactly(
                        error("seats", "must be greater than or equal to 1"),
                        error("name", "must not be blank"),
                        error("email", "must be a well-formed email address"),
                        error("address.zip_code", "must match \"\\d{5}\""));
    }

    @Test
    void validParamsPassEveryConstraint() throws Exception {
        assertThat(run(new SignupTask(), "{'seats': 10, 'name': 'Ada', 'email': 'ada@example.org', " + VALID_ADDRESS + "}"))
                .isEqualTo("Ada x10");
    }

    @Test
    void aParameterThatFailedToBindIsNotReportedAgainByItsConstraints() {
        assertRefused(new SignupTask(), "{'seats': 'two', 'name': 5, 'email': 'ada@example.org', 'address': 'Main St'}")
                .containsExactly(
                        error("seats", "must be an integer"),
                        error("name", "must be a string"),
                        error("address", "must be an object"));
    }

    @Test
    void aMissingParameterIsNotReportedAgainByItsConstraints() {
        assertRefused(new SignupTask(), "{'seats': 3, 'email': 'ada@example.org', " + VALID_ADDRESS + "}")
                .containsExactly(error("name", "is required"));
    }

    @Test
    void bindingErrorsAndBrokenConstraintsAreReportedTogether() {
        assertRefused(new SignupTask(), "{'seats': 99, 'name': 5, 'email': 'x', 'address': {'street': 'S', 'zip_code': 1}, 'extra': 1}")
                .containsExactly(
                        error("seats", "must be less than or equal to 10"),
                        error("name", "must be a string"),
                        error("email", "must be a well-formed email address"),
                        error("address.zip_code", "must be a string"),
                        error("extra", "is not a parameter of this task; it takes address, email, name, seats"));
    }

    @Test
    void aDefaultValueIsValidatedLikeAGivenOne() {
        record Defaulted(@TaskParam(defaultValue = "0") @Min(1) int times) {
        }
        assertRefused(lambda(Defaulted.class), "{}").containsExactly(error("times", "must be greater than or equal to 1"));
    }
}
