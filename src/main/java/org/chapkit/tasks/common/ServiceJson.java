package org.chapkit.tasks.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** The service's rules for JSON ({@link ChapkitJson}), laid over a mapper that brings the modules. */
public final class ServiceJson {

    private ServiceJson() {
    }

    /** {@code base} with snake_case names, every field written even when null, and a duplicate key refused. */
    public static JsonMapper over(JsonMapper base) {
        return base.rebuild()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .changeDefaultPropertyInclusion(inclusion -> JsonInclude.Value.construct(JsonInclude.Include.ALWAYS, JsonInclude.Include.ALWAYS))
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }
}
