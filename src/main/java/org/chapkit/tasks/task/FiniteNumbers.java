package org.chapkit.tasks.task;

import java.util.Map;
import java.util.OptionalDouble;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.ext.jdk8.OptionalDoubleDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.ArrayType;

/**
 * Keeps NaN and infinity out of parameters: JSON has neither, and a params schema's {@code "number"} admits neither.
 * Jackson alone turns the texts {@code "NaN"}, {@code "Infinity"} and {@code "INF"} into them for a double or float,
 * and a number too large for its type ({@code 1e400}, or {@code 1e39} for a float) into infinity. Such a value is
 * refused: a text with "must be a number", a number with "is out of range for a number" ({@link BindingErrors}).
 */
final class FiniteNumbers extends DelegatingDeserializer {

    /** The types that can hold NaN or infinity, each with the type an error names (a number). */
    private static final Map<Class<?>, Class<?>> TYPES = Map.of(double.class, double.class, Double.class, Double.class,
            float.class, float.class, Float.class, Float.class, OptionalDouble.class, double.class,
            double[].class, double.class, float[].class, float.class);

    private final Class<?> type;

    private FiniteNumbers(Class<?> type, ValueDeserializer<?> delegate) {
        super(delegate);
        this.type = type;
    }

    /** Jackson makes the deserializer of an {@link OptionalDouble} without asking modifiers, so it is given here. */
    @SuppressWarnings("unchecked")
    static SimpleModule module() {
        ValueDeserializer<?> optional = new FiniteNumbers(OptionalDouble.class, new OptionalDoubleDeserializer());
        return new SimpleModule("chapkit-finite-numbers").setDeserializerModifier(modifier())
                .addDeserializer(OptionalDouble.class, (ValueDeserializer<OptionalDouble>) optional);
    }

    private static ValueDeserializerModifier modifier() {
        return new ValueDeserializerModifier() {
            @Override
            public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription.Supplier description,
                                                           ValueDeserializer<?> deserializer) {
                Class<?> type = description.getBeanClass();
                return TYPES.containsKey(type) ? new FiniteNumbers(type, deserializer) : deserializer;
            }

            @Override
            public ValueDeserializer<?> modifyArrayDeserializer(DeserializationConfig config, ArrayType type,
                                                                BeanDescription.Supplier description, ValueDeserializer<?> deserializer) {
                return TYPES.containsKey(type.getRawClass()) ? new FiniteNumbers(type.getRawClass(), deserializer) : deserializer;
            }
        };
    }

    /**
     * The path of the first number in {@code node} that a double cannot hold ({@code 1e400}), from {@code path}; or
     * {@code null}. It is refused whatever type it would bind to, even one that could hold it (BigDecimal, Object):
     * the params' schema says "number", which clients read as a double.
     */
    static @Nullable String outOfRange(String path, JsonNode node) {
        if (node.isNumber()) {
            return Double.isFinite(node.numberValue().doubleValue()) ? null : path;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = outOfRange(path + "[" + i + "]", node.get(i));
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                String found = outOfRange(path + "." + property.getKey(), property.getValue());
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    @Override
    protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
        return new FiniteNumbers(type, delegate);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
        if (type.isArray()) {
            return array(parser, context);
        }
        String text = parser.hasToken(JsonToken.VALUE_STRING) ? parser.getString() : null;
        Object value = _delegatee.deserialize(parser, context);
        if (!isFinite(value)) {
            throw refusal(parser, context, text);
        }
        return value;
    }

    /** An array is read as a tree first, so that a refused item can be told a text or a number. */
    private Object array(JsonParser parser, DeserializationContext context) throws JacksonException {
        JsonNode items = context.readTree(parser);
        Object value;
        try (JsonParser replay = items.traverse(context)) {
            replay.nextToken();
            value = _delegatee.deserialize(replay, context);
        }
        int length = value instanceof double[] doubles ? doubles.length : value instanceof float[] floats ? floats.length : 0;
        for (int i = 0; i < length; i++) {
            double item = value instanceof double[] doubles ? doubles[i] : ((float[]) value)[i];
            if (!Double.isFinite(item)) {
                throw refusal(parser, context, items.get(i).isString() ? items.get(i).asString() : null).prependPath(value, i);
            }
        }
        return value;
    }

    /** A refusal of a non-finite value read from {@code text}, or from a number when that is null. */
    private JacksonException refusal(JsonParser parser, DeserializationContext context, @Nullable String text) {
        Class<?> named = TYPES.get(type);
        return text != null ? context.weirdStringException(text, named, "not a finite number")
                : new InputCoercionException(parser, "out of the range of " + named.getSimpleName(), JsonToken.VALUE_NUMBER_FLOAT, named);
    }

    private static boolean isFinite(@Nullable Object value) {
        return value instanceof Double number ? Double.isFinite(number)
                : value instanceof Float number ? Float.isFinite(number)
                : !(value instanceof OptionalDouble optional) || optional.isEmpty() || Double.isFinite(optional.getAsDouble());
    }
}
