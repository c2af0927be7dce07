package org.chapkit.tasks.task;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chapkit.tasks.task.TaskTestSupport.binder;
import static org.chapkit.tasks.task.TaskTestSupport.params;
import static org.chapkit.tasks.task.TaskTestSupport.registry;

/**
 * Each java.time parameter binds from the text form its schema describes and from nothing else: not from
 * the arrays, epoch numbers, padded text and ISO-8601 variants that Jackson takes by itself.
 */
class TimeBindingTest {

    record Times(LocalDate localDate, LocalDateTime localDateTime, LocalTime localTime, OffsetTime offsetTime,
                 OffsetDateTime offsetDateTime, ZonedDateTime zonedDateTime, Instant instant, Duration duration,
                 Period period, Year year, YearMonth yearMonth, MonthDay monthDay, DayOfWeek dayOfWeek, Month month,
                 ZoneId zoneId, ZoneOffset zoneOffset) {
    }

    private static final TaskRegistry REGISTRY = registry();
    private static final TaskDefinition TASK = REGISTRY.require(REGISTRY.register(TaskDefinition.of("times", Times.class, (p, ctx) -> p)).name());

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("local_date", "'2024-02-29'", LocalDate.of(2024, 2, 29)),
                Arguments.of("local_date_time", "'2026-11-26T10:15'", LocalDateTime.of(2026, 11, 26, 10, 15)),
                Arguments.of("local_date_time", "'2026-11-26T10:15:30.123456789'", LocalDateTime.of(2026, 11, 26, 10, 15, 30, 123456789)),
                Arguments.of("local_time", "'10:15'", LocalTime.of(10, 15)),
                Arguments.of("offset_time", "'10:15:30-05:30'", OffsetTime.of(10, 15, 30, 0, ZoneOffset.ofHoursMinutes(-5, -30))),
                // offset date-times arrive in UTC (Jackson's ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                Arguments.of("offset_date_time", "'2026-11-26T10:15:30+01:00'", OffsetDateTime.parse("2026-11-26T09:15:30Z")),
                Arguments.of("zoned_date_time", "'2026-11-26T10:15:30-00:00'", ZonedDateTime.parse("2026-11-26T10:15:30Z")),
                Arguments.of("instant", "'2026-11-26T10:15:30.5+18:00'", Instant.parse("2026-11-25T16:15:30.5Z")),
                Arguments.of("duration", "'-P1DT2H30.5S'", Duration.parse("-P1DT2H30.5S")),
                Arguments.of("period", "'P1Y2M3W4D'", Period.of(1, 2, 25)),
                Arguments.of("year", "2026", Year.of(2026)),
                Arguments.of("year", "-999999999", Year.of(Year.MIN_VALUE)),
                Arguments.of("year", "'0042'", Year.of(42)),
                Arguments.of("year_month", "'2026-11'", YearMonth.of(2026, 11)),
                Arguments.of("month_day", "'--02-29'", MonthDay.of(2, 29)),
                Arguments.of("day_of_week", "'THURSDAY'", DayOfWeek.THURSDAY),
                Arguments.of("month", "'NOVEMBER'", Month.NOVEMBER),
                Arguments.of("zone_id", "'Europe/Paris'", ZoneId.of("Europe/Paris")),
                Arguments.of("zone_id", "'-03:30'", ZoneOffset.ofHoursMinutes(-3, -30)),
                Arguments.of("zone_offset", "'Z'", ZoneOffset.UTC));
    }

    @ParameterizedTest(name = "{0} binds from {1}")
    @MethodSource("accepted")
    void bindsTheDescribedForm(String name, String json, Object expected) throws Exception {
        JsonNode value = params("{'v': " + json + "}").get("v");
        assertThat(binder().mapper().treeToValue(value, parameterType(name))).isEqualTo(expected);
        assertThat(refusal(name, json)).isNull();
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("local_date", "[2026, 11, 26]"), Arguments.of("local_date", "[]"),
                Arguments.of("local_date", "' 2026-11-26 '"), Arguments.of("local_date", "'+12026-11-26'"),
                Arguments.of("local_date", "'2026-02-29'"), Arguments.of("local_date", "'2026-11-26T10:15:30'"),
                Arguments.of("local_date_time", "[2026, 11, 26, 10, 15]"), Arguments.of("local_date_time", "'2026-11-26t10:15'"),
                Arguments.of("local_date_time", "'2026-11-26T10:15:30.'"), Arguments.of("local_date_time", "'2026-11-26 10:15'"),
                Arguments.of("local_time", "[10, 15]"), Arguments.of("local_time", "'2026-11-26T10:15:30'"),
                Arguments.of("local_time", "'24:00'"),
                Arguments.of("offset_time", "'10:15Z'"), Arguments.of("offset_time", "'10:15:30'"),
                Arguments.of("offset_date_time", "1764152130"), Arguments.of("offset_date_time", "'2026-11-26T10:15:30+0100'"),
                Arguments.of("offset_date_time", "'2026-11-26T10:15Z'"), Arguments.of("offset_date_time", "'2026-11-26T10:15:30+18:30'"),
                Arguments.of("zoned_date_time", "'2026-11-26T10:15:30+01:00[Europe/Paris]'"),
                Arguments.of("instant", "1764152130"), Arguments.of("instant", "'1764152130'"),
                Arguments.of("instant", "'2026-11-26T23:59:60Z'"), Arguments.of("instant", "'2026-11-26t10:15:30z'"),
                Arguments.of("duration", "300"), Arguments.of("duration", "'pt5m'"), Arguments.of("duration", "'PT1,5S'"),
                Arguments.of("duration", "'P1W'"), Arguments.of("duration", "'PT'"),
                Arguments.of("period", "'PT1H'"), Arguments.of("period", "'+P1D'"), Arguments.of("period", "30"),
                Arguments.of("year", "'26'"), Arguments.of("year", "1000000000"), Arguments.of("year", "2026.5"),
                Arguments.of("year_month", "{'year': 2026, 'month': 11}"), Arguments.of("year_month", "[2026, 11]"),
                Arguments.of("year_month", "'2026-13'"),
                Arguments.of("month_day", "'--04-31'"), Arguments.of("month_day", "'11-26'"),
                Arguments.of("day_of_week", "1"), Arguments.of("day_of_week", "'monday'"),
                Arguments.of("month", "11"), Arguments.of("month", "'11'"), Arguments.of("month", "'NOV'"),
                Arguments.of("zone_id", "'Mars/Olympus'"), Arguments.of("zone_id", "'UTC+01:00'"), Arguments.of("zone_id", "' UTC'"),
                Arguments.of("zone_offset", "'+0100'"), Arguments.of("zone_offset", "'+19:00'"), Arguments.of("zone_offset", "3600"));
    }

    @ParameterizedTest(name = "{0} refuses {1}")
    @MethodSource("refused")
    void refusesAnyOtherForm(String name, String json) {
        assertThat(refusal(name, json)).as(json).isNotNull().startsWith("must be ");
    }

    private static Class<?> parameterType(String name) {
        return TASK.parameters().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow().type() instanceof Class<?> raw
                ? raw : Object.class;
    }

    /** The binder's message for this parameter when it is given {@code json}, or null when it binds. */
    private static String refusal(String name, String json) {
        try {
            binder().bind(TASK, params("{'" + name + "': " + json + "}"));
            throw new AssertionError("every other parameter is missing; the binder cannot accept");
        } catch (InvalidParamsException e) {
            List<ParamError> mine = e.errors().stream().filter(error -> error.param().equals(name)).toList();
            return mine.isEmpty() ? null : mine.get(0).message();
        }
    }
}
