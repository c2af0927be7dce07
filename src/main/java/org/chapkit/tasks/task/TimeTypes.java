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
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static java.util.Map.entry;

/**
 * The java.time types a parameter may have, each with the one text form it binds from: a pattern, a JSON Schema
 * format where every string the pattern admits is valid for that format too, and an example. The binder refuses
 * every other form ({@link TimeTextOnly}), so a task's schema says exactly what {@code $execute} accepts.
 * {@link DayOfWeek} and {@link Month} bind from their names, as other enums do.
 */
final class TimeTypes {

    /** A calendar date with a four-digit year: month lengths and leap years included. */
    private static final String DATE = "(\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|1\\d|2[0-8])"
            + "|\\d{4}-(0[13-9]|1[0-2])-(29|30)"
            + "|\\d{4}-(0[13578]|1[02])-31"
            + "|(\\d{2}(0[48]|[2468][048]|[13579][26])|([02468][048]|[13579][26])00)-02-29)";
    private static final String HOUR_MINUTE = "([01]\\d|2[0-3]):[0-5]\\d";
    private static final String SECONDS = ":[0-5]\\d(\\.\\d{1,9})?";
    private static final String LOCAL_TIME = HOUR_MINUTE + "(" + SECONDS + ")?";
    private static final String OFFSET = "(Z|[+-](0\\d|1[0-7]):[0-5]\\d|[+-]18:00)";
    private static final String OFFSET_DATE_TIME = "^" + DATE + "T" + HOUR_MINUTE + SECONDS + OFFSET + "$";
    private static final String DURATION_SECONDS = "\\d{1,9}(\\.\\d{1,9})?S";
    private static final String DURATION_TIME = "T(\\d{1,9}H(\\d{1,9}M)?(" + DURATION_SECONDS + ")?|\\d{1,9}M("
            + DURATION_SECONDS + ")?|" + DURATION_SECONDS + ")";

    record Form(String pattern, @Nullable String format, Object example) {
    }

    private static final Map<Class<?>, Form> FORMS = Map.ofEntries(
            entry(LocalDate.class, new Form("^" + DATE + "$", "date", "2026-11-26")),
            entry(LocalDateTime.class, new Form("^" + DATE + "T" + LOCAL_TIME + "$", null, "2026-11-26T10:15:30")),
            entry(LocalTime.class, new Form("^" + LOCAL_TIME + "$", null, "10:15:30")),
            entry(OffsetTime.class, new Form("^" + HOUR_MINUTE + SECONDS + OFFSET + "$", "time", "10:15:30+01:00")),
            entry(OffsetDateTime.class, new Form(OFFSET_DATE_TIME, "date-time", "2026-11-26T10:15:30+01:00")),
            entry(ZonedDateTime.class, new Form(OFFSET_DATE_TIME, "date-time", "2026-11-26T10:15:30Z")),
            entry(Instant.class, new Form(OFFSET_DATE_TIME, "date-time", "2026-11-26T10:15:30Z")),
            // Lengths are capped where a longer number would overflow the type.
            entry(Duration.class, new Form("^-?P(\\d{1,9}D(" + DURATION_TIME + ")?|" + DURATION_TIME + ")$", null, "PT5M")),
            entry(Period.class, new Form("^-?P(\\d{1,9}Y(\\d{1,9}M)?(\\d{1,8}W)?(\\d{1,9}D)?|\\d{1,9}M(\\d{1,8}W)?(\\d{1,9}D)?"
                    + "|\\d{1,8}W(\\d{1,9}D)?|\\d{1,9}D)$", null, "P1Y2M3D")),
            // A Year also binds from an integer (-999999999..999999999).
            entry(Year.class, new Form("^\\d{4}$", null, 2026)),
            entry(YearMonth.class, new Form("^\\d{4}-(0[1-9]|1[0-2])$", null, "2026-11")),
            entry(MonthDay.class, new Form("^--((0[1-9]|1[0-2])-(0[1-9]|[12]\\d)|(0[13-9]|1[0-2])-30|(0[13578]|1[02])-31)$",
                    null, "--11-26")),
            entry(ZoneOffset.class, new Form("^" + OFFSET + "$", null, "+01:00")),
            // A ZoneId is a region from the JVM's time-zone database or an offset.
            entry(ZoneId.class, new Form("^" + OFFSET + "$", null, "Europe/Paris")));

    private static final Map<Class<?>, Pattern> COMPILED = Map.copyOf(FORMS.entrySet().stream().collect(
            Collectors.toMap(Map.Entry::getKey, form -> Pattern.compile(form.getValue().pattern()))));

    private TimeTypes() {
    }

    /** Whether {@code type} is a java.time type that parameters may have. */
    static boolean isTimeType(Class<?> type) {
        return FORMS.containsKey(type) || type == DayOfWeek.class || type == Month.class;
    }

    /** The text form of a java.time type, or {@code null} for types bound otherwise (enums, non-time types). */
    static @Nullable Form form(Class<?> type) {
        return FORMS.get(type);
    }

    /** Whether {@code text} is the form that {@code type} binds from (the value may still be out of range). */
    static boolean admits(Class<?> type, String text) {
        if (type == Month.class) {
            return Arrays.stream(Month.values()).anyMatch(month -> month.name().equals(text));
        }
        Pattern pattern = COMPILED.get(type);
        return pattern != null && (pattern.matcher(text).matches()
                || type == ZoneId.class && ZoneId.getAvailableZoneIds().contains(text));
    }

    /** The JSON Schema of a java.time type, or {@code null} if it has no text form. */
    static @Nullable ObjectNode schema(Class<?> type) {
        Form form = FORMS.get(type);
        if (form == null) {
            return null;
        }
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode schema = json.objectNode();
        if (type == Year.class) {
            schema.set("type", json.arrayNode().add("integer").add("string"));
            schema.put("minimum", Year.MIN_VALUE).put("maximum", Year.MAX_VALUE);
        } else {
            schema.put("type", "string");
        }
        if (form.format() != null) {
            schema.put("format", form.format());
        }
        if (type == ZoneId.class) {
            ArrayNode regions = json.arrayNode();
            new TreeSet<>(ZoneId.getAvailableZoneIds()).forEach(regions::add);
            schema.set("anyOf", json.arrayNode().add(json.objectNode().set("enum", regions))
                    .add(json.objectNode().put("pattern", form.pattern())));
        } else {
            schema.put("pattern", form.pattern());
        }
        ArrayNode examples = schema.putArray("examples");
        if (form.example() instanceof Integer number) {
            examples.add(number).add(number.toString());
        } else {
            examples.add(form.example().toString());
        }
        return schema;
    }
}
