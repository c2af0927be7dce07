package org.chapkit.tasks.task.web;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Values made from a JSON Schema alone: ones it admits ({@link #valid}) and ones it refuses, each with the
 * rule it breaks ({@link #invalid}). Reads the keywords the parameter schemas use: {@code type}, {@code enum},
 * {@code minimum}/{@code maximum} (and the exclusive forms), {@code minLength}/{@code maxLength},
 * {@code pattern}, {@code format: email}, {@code anyOf} of string rules, {@code items}, {@code minItems}/{@code maxItems},
 * {@code properties}, {@code required} and {@code $ref} into {@code $defs}. A pattern is what makes a string valid;
 * other formats are left to it (a schema with a format the samples cannot make and no pattern is an error). Public for
 * the hostile-input properties, which send such values to the whole service.
 */
public final class SchemaSamples {

    /** A value the schema refuses, and why. {@code value} is null for "left out". */
    public record Invalid(String rule, @Nullable JsonNode value) {
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final long OPEN_RANGE = 1000;
    private static final String EDITS = "0129-+:.TZPtz ~xé\t";

    private final JsonNode root;
    private final Random random;

    public SchemaSamples(JsonNode root, Random random) {
        this.root = root;
        this.random = random;
    }

    /** A params object the schema admits: every required property, and each optional one half the time. */
    public ObjectNode validObject(JsonNode schema) {
        ObjectNode object = JSON.objectNode();
        for (Map.Entry<String, JsonNode> property : resolve(schema).path("properties").properties()) {
            if (isRequired(schema, property.getKey()) || random.nextBoolean()) {
                object.set(property.getKey(), valid(property.getValue()));
            }
        }
        return object;
    }

    public boolean isRequired(JsonNode objectSchema, String name) {
        for (JsonNode required : resolve(objectSchema).path("required")) {
            if (required.asString().equals(name)) {
                return true;
            }
        }
        return false;
    }

    JsonNode valid(JsonNode schemaOrRef) {
        JsonNode schema = oneBranch(resolve(schemaOrRef));
        if (schema.has("enum")) {
            return pick(schema.get("enum"));
        }
        return switch (pickType(schema)) {
            case "null" -> JSON.nullNode();
            case "boolean" -> JSON.booleanNode(random.nextBoolean());
            case "integer" -> JSON.numberNode(integerIn(schema));
            case "number" -> JSON.numberNode(numberIn(schema));
            case "string" -> JSON.stringNode(string(schema));
            case "array" -> array(schema);
            case "object" -> validObject(schema);
            default -> throw new IllegalArgumentException("no values for schema " + schema);
        };
    }

    /** Values the schema refuses, one or more per rule it states. */
    public List<Invalid> invalid(JsonNode schemaOrRef) {
        JsonNode schema = resolve(schemaOrRef);
        List<Invalid> found = new ArrayList<>();
        wrongType(schema, found);
        if (schema.has("enum")) {
            found.add(new Invalid("not one of " + schema.get("enum"), JSON.stringNode("not-" + pick(schema.get("enum")).asString())));
        }
        if (admits(schema, "integer") || admits(schema, "number")) {
            boolean integral = !admits(schema, "number");
            BigDecimal step = integral ? BigDecimal.ONE : new BigDecimal("0.5");
            bound(schema, "minimum", found, bound -> bound.subtract(step));
            bound(schema, "exclusiveMinimum", found, bound -> bound);
            bound(schema, "maximum", found, bound -> bound.add(step));
            bound(schema, "exclusiveMaximum", found, bound -> bound);
        }
        if (admits(schema, "string")) {
            if (schema.path("minLength").asInt(0) > 0) {
                found.add(new Invalid("shorter than minLength", JSON.stringNode("")));
            }
            if (schema.has("pattern") || schema.has("anyOf")) {
                String broken = breakText(schema);
                if (broken != null) {
                    found.add(new Invalid("matches neither the pattern nor the enum", JSON.stringNode(broken)));
                }
            }
        }
        if (admits(schema, "array")) {
            if (schema.path("minItems").asInt(0) > 0) {
                found.add(new Invalid("fewer items than minItems", JSON.arrayNode()));
            }
            if (schema.has("items")) {
                List<Invalid> badItems = invalid(schema.get("items"));
                Invalid bad = badItems.get(random.nextInt(badItems.size()));
                if (bad.value() != null) {
                    ArrayNode items = array(schema);
                    items.insert(random.nextInt(items.size() + 1), bad.value());
                    found.add(new Invalid("an item " + bad.rule(), items));
                }
            }
        }
        return found;
    }

    private void wrongType(JsonNode schema, List<Invalid> found) {
        Map<String, JsonNode> byType = Map.of("string", JSON.stringNode("text"), "integer", JSON.numberNode(7),
                "number", JSON.numberNode(2.5), "boolean", JSON.booleanNode(true), "array", JSON.arrayNode().add(1),
                "object", JSON.objectNode().put("key", 1), "null", JSON.nullNode());
        byType.forEach((type, value) -> {
            boolean admitted = schema.has("enum") ? contains(schema.get("enum"), value) || type.equals("string")
                    : admits(schema, type) || type.equals("integer") && admits(schema, "number");
            if (!admitted) {
                found.add(new Invalid("is not of type " + schema.path("type"), value));
            }
        });
    }

    private static boolean contains(JsonNode array, JsonNode value) {
        for (JsonNode element : array) {
            if (element.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private interface Step {
        BigDecimal apply(BigDecimal bound);
    }

    private static void bound(JsonNode schema, String keyword, List<Invalid> found, Step outside) {
        if (schema.has(keyword)) {
            BigDecimal value = outside.apply(schema.get(keyword).decimalValue());
            found.add(new Invalid("breaks " + keyword + " " + schema.get(keyword),
                    value.scale() <= 0 ? JSON.numberNode(value.toBigIntegerExact()) : JSON.numberNode(value)));
        }
    }

    /** A string the schema refuses, near to one it admits: a few edits away, as typing errors are. */
    private @Nullable String breakText(JsonNode schema) {
        for (int attempt = 0; attempt < 500; attempt++) {
            StringBuilder text = new StringBuilder(string(oneBranch(schema)));
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                int at = text.isEmpty() ? 0 : random.nextInt(text.length());
                char c = EDITS.charAt(random.nextInt(EDITS.length()));
                switch (text.isEmpty() ? 1 : random.nextInt(3)) {
                    case 0 -> text.deleteCharAt(at);
                    case 1 -> text.insert(at, c);
                    default -> text.setCharAt(at, c);
                }
            }
            String candidate = text.toString();
            if (!admitsText(schema, candidate) && candidate.length() >= schema.path("minLength").asInt(0)) {
                return candidate;
            }
        }
        return null;
    }

    /** Whether a string meets the schema's string rules: enum, pattern, lengths, and one branch of anyOf. */
    private static boolean admitsText(JsonNode schema, String text) {
        if (schema.has("enum") && !contains(schema.get("enum"), JSON.stringNode(text))
                || schema.has("pattern") && !Pattern.compile(schema.get("pattern").asString()).matcher(text).find()
                || text.length() < schema.path("minLength").asInt(0)
                || text.length() > schema.path("maxLength").asInt(Integer.MAX_VALUE)) {
            return false;
        }
        if (!schema.has("anyOf")) {
            return true;
        }
        for (JsonNode branch : schema.get("anyOf")) {
            if (admitsText(branch, text)) {
                return true;
            }
        }
        return false;
    }

    /** The schema with one of its anyOf branches folded in, or the schema itself when it has none. */
    private JsonNode oneBranch(JsonNode schema) {
        if (!schema.has("anyOf")) {
            return schema;
        }
        ObjectNode merged = ((ObjectNode) schema).deepCopy();
        merged.remove("anyOf");
        merged.setAll((ObjectNode) pick(schema.get("anyOf")));
        return merged;
    }

    private String string(JsonNode schema) {
        if (schema.has("enum")) {
            return pick(schema.get("enum")).asString();
        }
        int minLength = schema.path("minLength").asInt(0);
        int maxLength = schema.path("maxLength").asInt(Integer.MAX_VALUE);
        for (int attempt = 0; attempt < 1000; attempt++) {
            String text;
            if ("email".equals(schema.path("format").asString(null))) {
                text = RegexSamples.sample("^[a-z0-9]{1,8}(\\.[a-z]{1,5})?@[a-z]{1,8}\\.[a-z]{2,4}$", random);
            } else if (schema.has("pattern")) {
                text = RegexSamples.sample(schema.get("pattern").asString(), random);
            } else if (schema.has("format")) {
                throw new IllegalArgumentException("no values for format " + schema.get("format") + " without a pattern");
            } else {
                text = RegexSamples.sample("^.*$", random);
            }
            if (admitsText(schema, text)) {
                String format = schema.path("format").asString("");
                if (!Rfc3339.knows(format) || Rfc3339.isValid(format, text)) {
                    return text;
                }
                throw new AssertionError("the pattern admits \"" + text + "\", which is not a valid " + format);
            }
        }
        throw new IllegalStateException("no string of length " + minLength + ".." + maxLength + " for " + schema);
    }

    private ArrayNode array(JsonNode schema) {
        int min = schema.path("minItems").asInt(0);
        int max = Math.min(schema.path("maxItems").asInt(Integer.MAX_VALUE), min + 4);
        ArrayNode array = JSON.arrayNode();
        for (int i = min + random.nextInt(max - min + 1); i > 0; i--) {
            array.add(valid(schema.path("items")));
        }
        return array;
    }

    private long integerIn(JsonNode schema) {
        long low = schema.has("minimum") ? schema.get("minimum").longValue()
                : schema.has("exclusiveMinimum") ? schema.get("exclusiveMinimum").longValue() + 1 : -OPEN_RANGE;
        long high = schema.has("maximum") ? schema.get("maximum").longValue()
                : schema.has("exclusiveMaximum") ? schema.get("exclusiveMaximum").longValue() - 1 : OPEN_RANGE;
        return switch (random.nextInt(6)) {
            case 0 -> low;
            case 1 -> high;
            default -> low + (long) (random.nextDouble() * (high - low + 1));
        };
    }

    private double numberIn(JsonNode schema) {
        double low = schema.has("minimum") ? schema.get("minimum").doubleValue() : -OPEN_RANGE;
        double high = schema.has("maximum") ? schema.get("maximum").doubleValue() : OPEN_RANGE;
        double value = switch (random.nextInt(6)) {
            case 0 -> low;
            case 1 -> high;
            default -> low + random.nextDouble() * (high - low);
        };
        boolean excluded = schema.has("exclusiveMinimum") && value <= schema.get("exclusiveMinimum").doubleValue()
                || schema.has("exclusiveMaximum") && value >= schema.get("exclusiveMaximum").doubleValue();
        return excluded ? (low + high) / 2 : value;
    }

    private String pickType(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type == null) {
            throw new IllegalArgumentException("a schema without a type: " + schema);
        }
        return type.isArray() ? pick(type).asString() : type.asString();
    }

    private static boolean admits(JsonNode schema, String type) {
        JsonNode declared = schema.path("type");
        if (declared.isArray()) {
            for (Iterator<JsonNode> it = declared.iterator(); it.hasNext(); ) {
                if (it.next().asString().equals(type)) {
                    return true;
                }
            }
            return false;
        }
        return declared.asString("").equals(type);
    }

    private JsonNode pick(JsonNode array) {
        return array.get(random.nextInt(array.size()));
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode ref = schema.get("$ref");
        if (ref == null) {
            return schema;
        }
        String path = ref.asString();
        if (!path.startsWith("#/")) {
            throw new IllegalArgumentException("only local references are followed: " + path);
        }
        return resolve(root.at(path.substring(1)));
    }
}
