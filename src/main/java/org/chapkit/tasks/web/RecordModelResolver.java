package org.chapkit.tasks.web;

import java.lang.reflect.RecordComponent;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Describes the records of the API as the service writes them. Every component of a record is always in its JSON
 * (nulls are written), so each is {@code required}; one that is JSpecify {@code @Nullable} may be {@code null}, and
 * says so. A component that a request may leave out is marked {@code @Schema(requiredMode = NOT_REQUIRED)}.
 * The nullability stays where the code states it, instead of being repeated in annotations for the document.
 */
final class RecordModelResolver extends ModelResolver {

    private static final String COMPONENTS = "#/components/schemas/";

    RecordModelResolver(ObjectMapper mapper) {
        super(mapper);
    }

    @Override
    public @Nullable Schema resolve(AnnotatedType annotatedType, ModelConverterContext context, Iterator<ModelConverter> next) {
        Schema<?> resolved = super.resolve(annotatedType, context, next);
        if (resolved == null || annotatedType.getType() == null) {
            return resolved;
        }
        JavaType type = _mapper.constructType(annotatedType.getType());
        if (!type.getRawClass().isRecord()) {
            return resolved;
        }
        Schema<?> model = resolved.get$ref() == null ? resolved
                : context.getDefinedModels().get(resolved.get$ref().substring(COMPONENTS.length()));
        if (model != null && model.getProperties() != null) {
            describeComponents(model, type);
        }
        return resolved;
    }

    private void describeComponents(Schema<?> model, JavaType type) {
        for (BeanPropertyDefinition property : _mapper.getSerializationConfig().introspect(type).findProperties()) {
            Schema<?> schema = model.getProperties().get(property.getName());
            RecordComponent component = component(type.getRawClass(), property.getInternalName());
            if (schema == null || component == null) {
                continue;
            }
            if (component.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
                model.getProperties().put(property.getName(), nullable(schema));
            }
            io.swagger.v3.oas.annotations.media.Schema annotation =
                    component.getAccessor().getAnnotation(io.swagger.v3.oas.annotations.media.Schema.class);
            if (annotation == null || annotation.requiredMode() != io.swagger.v3.oas.annotations.media.Schema.RequiredMode.NOT_REQUIRED) {
                addRequiredItem(model, property.getName());
            }
        }
    }

    private static @Nullable RecordComponent component(Class<?> record, String name) {
        for (RecordComponent component : record.getRecordComponents()) {
            if (component.getName().equals(name)) {
                return component;
            }
        }
        return null;
    }

    /** The schema that also admits null; a reference is wrapped, since a sibling type would narrow it instead. */
    private Schema<?> nullable(Schema<?> schema) {
        if (!isOpenapi31()) {
            return schema.get$ref() == null ? schema.nullable(true)
                    : new Schema<>().allOf(List.of(new Schema<>().$ref(schema.get$ref()))).nullable(true).description(schema.getDescription());
        }
        if (schema.get$ref() != null) {
            return new JsonSchema().anyOf(List.of(new JsonSchema().$ref(schema.get$ref()), new JsonSchema().typesItem("null")))
                    .description(schema.getDescription());
        }
        if (schema.getTypes() != null && !schema.getTypes().isEmpty()) {
            schema.addType("null");
        }
        return schema; // no type (any JSON value) admits null already, and so does an anyOf made here before
    }
}
