package org.chapkit.tasks.web;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.providers.ObjectMapperProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document: snake_case schemas like the JSON itself, and the {@code errors} member of problems. */
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

    /** springdoc describes models with its own (Jackson 2) mapper; give it the service's snake_case naming. */
    @Bean
    ModelResolver snakeCaseModelResolver(ObjectMapperProvider mappers) {
        return new ModelResolver(mappers.jsonMapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE))
                .openapi31(mappers.isOpenapi31());
    }

    @Bean
    OpenApiCustomizer problemErrorsMember() {
        return openApi -> {
            Schema<?> problem = openApi.getComponents() == null ? null : openApi.getComponents().getSchemas().get("ProblemDetail");
            if (problem != null) {
                problem.getProperties().remove("properties");
                Schema<?> error = new ObjectSchema()
                        .addProperty("param", new StringSchema().description("the parameter, with a path into it: values[2], address.zip"))
                        .addProperty("message", new StringSchema().description("what is wrong"));
                error.setRequired(List.of("param", "message"));
                problem.addProperty("errors", new ArraySchema().items(error)
                        .description("present when input was rejected: one entry per offending parameter"));
            }
        };
    }
}
