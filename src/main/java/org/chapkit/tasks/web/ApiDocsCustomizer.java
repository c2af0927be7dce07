package org.chapkit.tasks.web;

import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * What the annotations cannot say: one RFC 9457 {@code Problem} schema that every error response refers to (the
 * controllers only name the status and when it happens), the {@code StoreUnavailable} response that the routes on
 * the store refer to, and the job with its result that {@code Prefer: wait} answers.
 */
class ApiDocsCustomizer implements OpenApiCustomizer {

    private static final String PROBLEM = "Problem";
    private static final String JOB_WITH_RESULT = "JobWithResult";
    private static final String STORE_UNAVAILABLE = "StoreUnavailable";
    private static final String RETRY_AFTER = "Retry-After";
    private static final String API_KEY = "apiKey";
    private static final String BEARER = "bearer";
    private static final String UNAUTHORIZED = "Unauthorized";
    private static final String FORBIDDEN = "Forbidden";

    private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    @Override
    public void customise(OpenAPI api) {
        Components components = api.getComponents() != null ? api.getComponents() : new Components();
        api.components(components);
        if (components.getSchemas() != null) {
            // what springdoc drew for error responses from the routes' return types ($stream's SseEmitter); Problem replaces them
            components.getSchemas().keySet().removeAll(Set.of("ProblemDetail", "SseEmitter"));
        }
        components.addSchemas(PROBLEM, problem())
                .addSchemas(JOB_WITH_RESULT, jobWithResult())
                .addHeaders(RETRY_AFTER, retryAfter())
                .addResponses(STORE_UNAVAILABLE, storeUnavailable());
        if (api.getPaths() != null) {
            api.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> operation.getResponses()
                    .forEach((status, response) -> {
                        if (response.get$ref() == null && status.matches("[45]\\d\\d")) {
                            response.setContent(problemContent(response.getContent()));
                        }
                    })));
        }
        // API keys: as X-API-Key or as a bearer token; either one will do. Routes need one once keys are configured.
        components.addSecuritySchemes(API_KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER)
                        .name("X-API-Key").description("An API key with the role the route needs (read, run or admin); see docs/security.md"))
                .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("The same API key as a bearer token"))
                .addResponses(UNAUTHORIZED, new ApiResponse().description("No API key, or an unknown one (unauthorized)")
                        .content(problemContent(null)))
                .addResponses(FORBIDDEN, new ApiResponse().description("The API key lacks the role this route needs (forbidden)")
                        .content(problemContent(null)));
        api.setSecurity(List.of(new SecurityRequirement().addList(API_KEY), new SecurityRequirement().addList(BEARER)));
        if (api.getPaths() != null) {
            api.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> operation.getResponses()
                    .addApiResponse("401", new ApiResponse().$ref("#/components/responses/" + UNAUTHORIZED))
                    .addApiResponse("403", new ApiResponse().$ref("#/components/responses/" + FORBIDDEN))));
        }
    }

    private static Schema<?> problem() {
        Schema<?> error = new ObjectSchema()
                .addProperty("param", new StringSchema().description("the parameter or header, with a path into it: values[2], address.zip")
                        .example("name"))
                .addProperty("message", new StringSchema().description("what is wrong with it").example("must not be blank"));
        error.setRequired(List.of("param", "message"));
        Schema<?> problem = new ObjectSchema()
                .description("An RFC 9457 problem. Match on type, a stable URN; title and detail are for humans.")
                .addProperty("type", new StringSchema().format("uri").description("urn:chapkit:error:<slug>, one per kind of error")
                        .example("urn:chapkit:error:invalid-params"))
                .addProperty("title", new StringSchema().description("a short summary of the kind of error").example("Invalid params"))
                .addProperty("status", new IntegerSchema().format("int32").description("the HTTP status code").example(422))
                .addProperty("detail", new StringSchema().description("what went wrong with this request")
                        .example("1 parameter(s) of task 'greet_user' were refused"))
                .addProperty("instance", new StringSchema().format("uri-reference").description("the path of the request")
                        .example("/api/v1/tasks/greet_user/$execute"))
                .addProperty("errors", new ArraySchema().items(error)
                        .description("present when input was rejected: one entry per offending parameter"));
        problem.setRequired(List.of("type", "title", "status", "detail", "instance"));
        return problem;
    }

    /** Problem JSON and nothing else (springdoc offers the route's own return type too), keeping a given example. */
    private static Content problemContent(@Nullable Content given) {
        MediaType problem = new MediaType().schema(ref(PROBLEM));
        MediaType declared = given == null ? null : given.get(PROBLEM_JSON);
        if (declared != null && declared.getExample() != null) {
            problem.setExample(declared.getExample());
        }
        if (declared != null && declared.getExamples() != null) {
            problem.setExamples(declared.getExamples());
        }
        return new Content().addMediaType(PROBLEM_JSON, problem);
    }

    /** The Job JSON plus its result: built from a Job in the job room, which the task routes cannot name. */
    private static Schema<?> jobWithResult() {
        Schema<?> result = new ObjectSchema().addProperty("result", new Schema<>()
                .description("the task's result, any JSON value; null for a failed or canceled job and for content stored as bytes"));
        result.setRequired(List.of("result"));
        return new Schema<>().description("A finished job with its result inline").allOf(List.of(ref("Job"), result));
    }

    private static Header retryAfter() {
        return new Header().description("Seconds to wait before trying again").schema(new IntegerSchema().minimum(java.math.BigDecimal.ZERO));
    }

    private static ApiResponse storeUnavailable() {
        return new ApiResponse()
                .description("The store is unreachable, full or read-only (store-unavailable); Retry-After says when to try again")
                .addHeaderObject(RETRY_AFTER, new Header().$ref("#/components/headers/" + RETRY_AFTER))
                .content(problemContent(null));
    }

    private static Schema<?> ref(String schema) {
        return new Schema<>().$ref("#/components/schemas/" + schema);
    }
}
