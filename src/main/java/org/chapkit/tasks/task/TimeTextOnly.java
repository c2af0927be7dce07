package org.chapkit.tasks.task;

import java.time.Month;
import java.time.Year;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;

/**
 * Lets a java.time value bind only from the text form {@link TimeTypes} describes (a {@link Year} also from an
 * integer, a {@link Month} only from its name). Jackson alone would also take arrays ({@code [2026, 11, 26]}, and {@code []} as null), epoch numbers,
 * and text with spaces around it or in other ISO-8601 variants, none of which the parameter's schema admits.
 */
final class TimeTextOnly extends DelegatingDeserializer {

    private final Class<?> type;

    private TimeTextOnly(Class<?> type, ValueDeserializer<?> delegate) {
        super(delegate);
        this.type = type;
    }

    static ValueDeserializerModifier modifier() {
        return new ValueDeserializerModifier() {
            @Override
            public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription.Supplier description,
                                                           ValueDeserializer<?> deserializer) {
                Class<?> type = description.getBeanClass();
                return TimeTypes.form(type) == null ? deserializer : new TimeTextOnly(type, deserializer);
            }

            @Override
            public ValueDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                                                               BeanDescription.Supplier description, ValueDeserializer<?> deserializer) {
                return type.hasRawClass(Month.class) ? new TimeTextOnly(Month.class, deserializer) : deserializer;
            }
        };
    }

    @Override
    protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
        return new TimeTextOnly(type, delegate);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
        if (parser.hasToken(JsonToken.VALUE_STRING)) {
            String text = parser.getString();
            return TimeTypes.admits(type, text) ? _delegatee.deserialize(parser, context)
                    : context.handleWeirdStringValue(type, text, "not the text form of " + type.getSimpleName());
        }
        if (type == Year.class && parser.hasToken(JsonToken.VALUE_NUMBER_INT)) {
            return _delegatee.deserialize(parser, context);
        }
        return context.handleUnexpectedToken(type, parser);
    }
}
