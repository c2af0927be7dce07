package org.chapkit.tasks.web.security;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the caller's key from {@code X-API-Key: <key>} or {@code Authorization: Bearer <key>}. A known key
 * authenticates the request as that key, with its roles; an unknown one is answered 401 at once. A request without
 * a key goes on unauthenticated (the routes that need a role answer 401), unless no key is configured at all: then
 * it may do everything, as the start-up WARN says.
 */
final class ApiKeyFilter extends OncePerRequestFilter {

    static final String HEADER = "X-API-Key";
    /** The caller of a service without keys. */
    static final ApiKeys.Caller OPEN = new ApiKeys.Caller("open", Set.copyOf(EnumSet.allOf(Role.class)));

    private final ApiKeys keys;
    private final AuthenticationEntryPoint entryPoint;
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();
    private final SecurityContextRepository repository = new RequestAttributeSecurityContextRepository();

    ApiKeyFilter(ApiKeys keys, AuthenticationEntryPoint entryPoint) {
        this.keys = keys;
        this.entryPoint = entryPoint;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = presented(request);
        Optional<ApiKeys.Caller> caller;
        if (presented == null) {
            caller = keys.open() ? Optional.of(OPEN) : Optional.empty();
        } else {
            caller = keys.open() ? Optional.of(OPEN) : keys.find(presented);
            if (caller.isEmpty()) {
                entryPoint.commence(request, response, new BadCredentialsException("unknown API key"));
                return;
            }
        }
        caller.ifPresent(found -> authenticate(found, request, response));
        chain.doFilter(request, response);
    }

    private void authenticate(ApiKeys.Caller caller, HttpServletRequest request, HttpServletResponse response) {
        SecurityContext context = holder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(caller.name(), null,
                caller.roles().stream().map(Role::authority).toList()));
        holder.setContext(context);
        repository.saveContext(context, request, response); // for the async dispatch of a stream or a wait
    }

    private static @Nullable String presented(HttpServletRequest request) {
        String key = request.getHeader(HEADER);
        if (key != null && !key.isBlank()) {
            return key.trim();
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).trim();
            return token.isEmpty() ? null : token;
        }
        return null;
    }
}
