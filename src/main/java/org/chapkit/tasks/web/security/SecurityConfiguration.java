package org.chapkit.tasks.web.security;

import jakarta.servlet.DispatcherType;
import org.chapkit.tasks.config.ChapkitProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * The service's routes behind API keys: who may call what, as docs/security.md describes it. The chain covers only
 * the service's own paths ({@link #PATHS}); an application's own routes keep whatever security the application
 * gives them, and an application's chain ordered before this one may take these paths over.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /** The paths this chain guards: the API, the Actuator, the OpenAPI document and Swagger UI, the console, errors. */
    static final String[] PATHS = {"/api/**", "/actuator", "/actuator/**", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
            "/swagger-ui/**", "/console", "/console/**", "/error"};
    private static final String[] DOCS = {"/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**"};

    @Bean
    ApiKeys apiKeys(ChapkitProperties properties) {
        ApiKeys keys = ApiKeys.of(properties.security());
        if (keys.open()) {
            log.warn("No API key is configured (chapkit.security.api-keys): anyone who reaches this service may list, run, "
                    + "cancel and delete every task, job and artifact. Configure keys before exposing it; see docs/security.md");
        } else {
            log.info("API keys: {} configured; every route but the health probes{} needs one", keys.size(),
                    properties.security().docsPublic() ? " and the API documentation" : "");
        }
        return keys;
    }

    /** A request the firewall refuses is a problem like any other 400. */
    @Bean
    static RequestRejectedHandler chapkitRequestRejectedHandler() {
        return new ProblemResponses();
    }

    /** admin includes run, run includes read. */
    @Bean
    static RoleHierarchy chapkitRoleHierarchy() {
        return RoleHierarchyImpl.fromHierarchy("ROLE_admin > ROLE_run\nROLE_run > ROLE_read");
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 100)
    SecurityFilterChain chapkitSecurityFilterChain(HttpSecurity http, ApiKeys keys, ChapkitProperties properties) throws Exception {
        ProblemResponses problems = new ProblemResponses();
        boolean docsPublic = properties.security().docsPublic();
        http.securityMatcher(PATHS)
                // Keys travel in headers a browser never adds by itself, and every mutating route takes JSON or no body:
                // there is no session or cookie for a forged form post to ride on.
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .addFilterBefore(new ApiKeyFilter(keys, problems), AnonymousAuthenticationFilter.class)
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .authorizeHttpRequests(routes -> {
                    routes.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll();
                    routes.requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")
                            .permitAll();
                    if (docsPublic) {
                        routes.requestMatchers(HttpMethod.GET, DOCS).permitAll();
                    } else {
                        routes.requestMatchers(HttpMethod.GET, DOCS).hasRole(Role.READ.id());
                    }
                    routes.requestMatchers(HttpMethod.GET, "/api/**", "/console", "/console/**").hasRole(Role.READ.id());
                    routes.requestMatchers(HttpMethod.HEAD, "/api/**").hasRole(Role.READ.id());
                    routes.requestMatchers(HttpMethod.POST, "/api/v1/tasks/*/$validate").hasRole(Role.READ.id());
                    routes.requestMatchers(HttpMethod.POST, "/api/v1/tasks/*/$execute", "/api/v1/jobs/*/$cancel",
                            "/api/v1/jobs/*/$rerun", "/api/v1/jobs/$cancel").hasRole(Role.RUN.id());
                    routes.anyRequest().hasRole(Role.ADMIN.id());
                });
        return http.build();
    }
}
