package org.chapkit.tasks.task;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import com.github.victools.jsonschema.module.jackson.JacksonSchemaModule;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationModule;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationOption;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.Resource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Describes tasks as {@link TaskInfo}, with JSON Schemas made by victools' generator from the same mapper
 * configuration that binds the parameters, so the schema and the binder agree on names and shapes.
 */
final class TaskSchemas {

    private static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";

    private final JsonMapper mapper;
    private final SchemaGenerator generator;

    TaskSchemas(JsonMapper bindingMapper) {
        this.mapper = bindingMapper;
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(bindingMapper, SchemaVersion.DRAFT_2020_12,
                OptionPreset.PLAIN_JSON)
                .with(new JacksonSchemaModule(JacksonOption.RESPECT_JSONPROPERTY_REQUIRED))
                .with(new JakartaValidationModule(JakartaValidationOption.NOT_NULLABLE_FIELD_IS_REQUIRED,
                        JakartaValidationOption.INCLUDE_PATTERN_EXPRESSIONS))
                .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT, Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES,
                        Option.FLATTENED_OPTIONALS)
                .without(Option.SCHEMA_VERSION_INDICATOR);
        // The binder names fields in snake_case; an explicit @JsonProperty (read by the Jackson module) still wins.
        config.forFields().withPropertyNameOverrideResolver(field -> JsonNames.of(field.getDeclaredName()));
        // A @Nullable field (or list item: NULLABLE_ARRAY_ITEMS_ALLOWED asks about items too) admits null.
        config.with(Option.NULLABLE_ARRAY_ITEMS_ALLOWED);
        config.forFields().withNullableCheck(field -> field.isFakeContainerItemScope()
                ? field.getContainerItemAnnotation(org.jspecify.annotations.Nullable.class) != null
                : Nullability.isNullable(field.getRawMember().getAnnotatedType()));
        // java.time values are described by the text form they bind from, not by their Java fields.
        config.forTypesInGeneral().withCustomDefinitionProvider((javaType, context) -> {
            ObjectNode time = TimeTypes.schema(javaType.getErasedType());
            return time == null ? null
                    : new CustomDefinition(time, CustomDefinition.INLINE_DEFINITION, CustomDefinition.INCLUDING_ATTRIBUTES);
        });
        this.generator = new SchemaGenerator(config.build());
    }

    TaskInfo describe(TaskDefinition task, boolean enabled) {
        List<TaskInfo.ParameterInfo> parameters = new ArrayList<>();
        ObjectNode properties = mapper.createObjectNode();
        ObjectNode definitions = mapper.createObjectNode();
        ArrayNode required = mapper.createArrayNode();
        for (TaskParameter parameter : task.parameters()) {
            ObjectNode schema = parameterSchema(parameter);
            JsonNode defaultValue = parameter.defaultJson() == null ? null : mapper.readTree(parameter.defaultJson());
            parameters.add(new TaskInfo.ParameterInfo(parameter.name(), jsonType(schema), parameter.required(),
                    defaultValue, parameter.description(), schema));
            ObjectNode property = schema.deepCopy();
            hoistDefinitions(property, definitions);
            properties.set(parameter.name(), property);
            if (parameter.required()) {
                required.add(parameter.name());
            }
        }
        ObjectNode paramsSchema = mapper.createObjectNode().put("$schema", DIALECT).put("type", "object");
        paramsSchema.set("properties", properties);
        paramsSchema.set("required", required);
        paramsSchema.put("additionalProperties", false);
        if (!definitions.isEmpty()) {
            paramsSchema.set("$defs", definitions);
        }
        return new TaskInfo(task.name(), task.description(), List.copyOf(task.tags()), enabled,
                List.copyOf(parameters), paramsSchema, returnsSchema(task.returnType()),
                task.maxConcurrency() == 0 ? null : task.maxConcurrency(), task.retry().retries(),
                task.retry().backoff().toString());
    }

    private ObjectNode parameterSchema(TaskParameter parameter) {
        ObjectNode schema = generator.generateSchema(unwrapOptional(parameter.type()));
        ConstraintSchemas.apply(schema, parameter.annotations());
        if (parameter.nullable()) {
            Nullability.admitNull(schema);
        }
        if (schema.get("items") instanceof ObjectNode items && Nullability.itemsNullable(parameter.annotatedType())) {
            Nullability.admitNull(items);
        }
        if (!parameter.description().isEmpty()) {
            schema.put("description", parameter.description());
        }
        if (parameter.defaultJson() != null) {
            schema.set("default", mapper.readTree(parameter.defaultJson()));
        }
        return schema;
    }

    /** An {@code Optional<T>} parameter is described as a T that may be left out. */
    private static Type unwrapOptional(Type type) {
        ResolvableType resolvable = ResolvableType.forType(type);
        return resolvable.toClass() == java.util.Optional.class ? resolvable.getGeneric(0).getType() : type;
    }

    /** Moves a parameter schema's own {@code $defs} up to the params schema, where its {@code $ref}s point. */
    private static void hoistDefinitions(ObjectNode property, ObjectNode definitions) {
        JsonNode own = property.remove("$defs");
        if (own instanceof ObjectNode ownDefinitions) {
            for (Map.Entry<String, JsonNode> entry : ownDefinitions.properties()) {
                definitions.putIfAbsent(entry.getKey(), entry.getValue());
            }
        }
    }

    private ObjectNode returnsSchema(Type declared) {
        Type type = declared;
        ResolvableType resolvable = ResolvableType.forType(declared);
        if (CompletionStage.class.isAssignableFrom(resolvable.toClass())) {
            type = resolvable.as(CompletionStage.class).getGeneric(0).getType();
        }
        Class<?> raw = ResolvableType.forType(type).toClass();
        ObjectNode schema;
        if (raw == void.class || raw == Void.class) {
            schema = mapper.createObjectNode().put("type", "null");
        } else if (raw == byte[].class || Resource.class.isAssignableFrom(raw)) {
            schema = mapper.createObjectNode().put("type", "string").put("contentMediaType", "application/octet-stream")
                    .put("description", "stored as artifact content; fetch it with $download");
        } else {
            schema = generator.generateSchema(type);
        }
        ObjectNode withDialect = mapper.createObjectNode().put("$schema", DIALECT);
        withDialect.setAll(schema);
        return withDialect;
    }

    private static String jsonType(ObjectNode schema) {
        JsonNode type = schema.get("type");
        if (type == null) {
            return "any";
        }
        if (type.isArray()) {
            List<String> names = new ArrayList<>();
            for (Iterator<JsonNode> it = type.iterator(); it.hasNext(); ) {
                names.add(it.next().asString());
            }
            return String.join("|", names);
        }
        return type.asString();
    }
}
