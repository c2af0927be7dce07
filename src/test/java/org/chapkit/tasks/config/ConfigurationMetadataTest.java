package org.chapkit.tasks.config;

import java.io.InputStream;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.DefaultValue;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metadata the configuration processor writes at build time is what an IDE shows while someone edits
 * application.yml: every chapkit.* property must be in it, with a description (from the record's
 * {@code @param} Javadoc, free of Javadoc markup) and, where the record declares one, its default.
 */
class ConfigurationMetadataTest {

    private static final String METADATA = "META-INF/spring-configuration-metadata.json";

    @Test
    void everyChapkitPropertyIsDescribedWithItsDefault() throws Exception {
        Map<String, JsonNode> described = new HashMap<>();
        for (JsonNode property : metadata().get("properties")) {
            described.put(property.get("name").asString(), property);
        }
        Map<String, Boolean> declared = new HashMap<>();
        collect("chapkit", ChapkitProperties.class, declared);

        assertThat(declared).as("properties of the ChapkitProperties tree").hasSizeGreaterThan(20);
        // include-traceback's default follows whether API keys are configured: no default of its own.
        assertThat(declared).as("include-traceback").containsEntry("chapkit.jobs.include-traceback", false);
        assertThat(declared.entrySet().stream().filter(entry -> !entry.getValue()).map(Map.Entry::getKey))
                .as("every property but include-traceback has a default").containsExactly("chapkit.jobs.include-traceback");
        declared.forEach((name, hasDefault) -> {
            JsonNode property = described.get(name);
            assertThat(property).as(name + " is in " + METADATA).isNotNull();
            assertThat(property.path("description").asString("")).as(name + "'s description").isNotBlank().doesNotContain("{@");
            // the metadata format has no way to write a map's default (empty)
            if (hasDefault && !property.path("type").asString("").startsWith("java.util.Map")) {
                assertThat(property.has("defaultValue")).as(name + "'s default").isTrue();
            }
        });
        assertThat(described.keySet().stream().filter(name -> name.startsWith("chapkit.")))
                .as("no chapkit.* property beyond the record tree").containsExactlyInAnyOrderElementsOf(declared.keySet());
    }

    /** The dotted, kebab-case names of the leaves of a @ConfigurationProperties record tree, and whether each has a default. */
    private static void collect(String prefix, Class<?> record, Map<String, Boolean> names) throws NoSuchMethodException {
        RecordComponent[] components = record.getRecordComponents();
        // @DefaultValue sits on the canonical constructor's parameters, where binding reads it
        Parameter[] parameters = record.getDeclaredConstructor(
                Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new)).getParameters();
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            String name = prefix + "." + component.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
            if (component.getType().isRecord() && component.getType().getDeclaringClass() == ChapkitProperties.class) {
                collect(name, component.getType(), names);
            } else {
                names.put(name, parameters[i].isAnnotationPresent(DefaultValue.class));
            }
        }
    }

    /** The metadata of this project's classes (other jars on the class path carry their own). */
    private static JsonNode metadata() throws Exception {
        URL classes = ChapkitProperties.class.getProtectionDomain().getCodeSource().getLocation();
        URL file = new URL(classes.toString().endsWith(".jar") ? "jar:" + classes + "!/" + METADATA : classes + METADATA);
        try (InputStream in = file.openStream()) {
            return JsonMapper.builder().build().readTree(in);
        }
    }
}
