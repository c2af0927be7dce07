package org.chapkit.tasks.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.providers.ObjectMapperProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at {@code /v3/api-docs}: snake_case schemas like the JSON itself, one problem schema for every error. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class OpenApiConfiguration {

    @Bean
    OpenAPI chapkitOpenApi() {
        return new OpenAPI().info(new Info().title("chapkit-tasks").version("v1").description("""
                Runs named tasks on demand. List the tasks, read their parameters, and execute one with \
                `POST /api/v1/tasks/{name}/$execute {"params": {...}}`: the answer is a job id at once, the work runs \
                in the background. Every error is RFC 9457 application/problem+json with a stable `type` URN."""));
    }

    /**
     * springdoc describes models with its own (Jackson 2) mapper; give it the service's snake_case naming, and the
     * records' required and nullable components.
     */
    @Bean
    ModelResolver snakeCaseModelResolver(ObjectMapperProvider mappers) {
        return new RecordModelResolver(mappers.jsonMapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE))
                .openapi31(mappers.isOpenapi31());
    }

    @Bean
    OpenApiCustomizer apiDocsCustomizer() {
        return new ApiDocsCustomizer();
    }
}
