package org.chapkit.tasks.config;

import org.chapkit.tasks.common.ChapkitJson;
import org.chapkit.tasks.common.ServiceJson;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The service's own JSON mapper ({@link ChapkitJson}), built on the application's. */
@Configuration(proxyBeanMethods = false)
public class JsonConfiguration {

    /** Not a default candidate: the application's own {@code JsonMapper} injection points, and Boot's, never see it. */
    @Bean(defaultCandidate = false)
    @ChapkitJson
    JsonMapper chapkitJsonMapper(JsonMapper applicationMapper) {
        return ServiceJson.over(applicationMapper);
    }
}
