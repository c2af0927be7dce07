package com.acme.host;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * An application of a team that uses chapkit-tasks as a library: its own package, its own tasks and controller,
 * and Jackson settings of its own (camelCase, nulls left out) that the task API must not take on.
 */
@SpringBootApplication
public class AcmeApplication {

    @Bean
    JsonMapperBuilderCustomizer leaveOutNulls() {
        return builder -> builder.changeDefaultPropertyInclusion(
                inclusion -> JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL));
    }
}
