package org.chapkit.tasks.web;

import java.io.IOException;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request target whose meaning is unclear, with 400:
 * <ul>
 * <li>a path with a {@code .} or {@code ..} segment, also percent-encoded or with path parameters ({@code %2e%2e},
 * {@code ..;x}): the container resolves it to another path than the routes match on. Clients send the path they mean;
 * <li>parameters the container cannot decode (bad percent-encoding or invalid UTF-8 in the query string, too many of
 * them): the Servlet API throws an {@link IllegalStateException} from {@code getParameter...} when a route reads
 * them, which becomes an {@link UnreadableParametersException} here, a 400 in {@link ApiExceptionHandler}.
 * </ul>
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10) // before anything that routes on the path or reads a parameter
class RequestTargetFilter extends OncePerRequestFilter {

    static final String DOT_SEGMENT = "the path has a '.' or '..' segment; send the path it stands for";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (hasDotSegment(request.getRequestURI())) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, DOT_SEGMENT);
            return;
        }
        chain.doFilter(new CheckedParameters(request), response);
    }

    static boolean hasDotSegment(String rawPath) {
        for (String segment : rawPath.split("/", -1)) {
            int parameters = segment.indexOf(';');
            String name = (parameters >= 0 ? segment.substring(0, parameters) : segment).toLowerCase(Locale.ROOT).replace("%2e", ".");
            if (name.equals(".") || name.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /** Parameters that cannot be decoded are an {@link UnreadableParametersException}, whichever way they are read. */
    private static final class CheckedParameters extends HttpServletRequestWrapper {

        CheckedParameters(HttpServletRequest request) {
            super(request);
        }

        @Override
        public @Nullable String getParameter(String name) {
            return read(() -> super.getParameter(name));
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return read(super::getParameterMap);
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return read(super::getParameterNames);
        }

        @Override
        public String @Nullable [] getParameterValues(String name) {
            return read(() -> super.getParameterValues(name));
        }

        private static <T> T read(Supplier<T> parameters) {
            try {
                return parameters.get();
            } catch (IllegalStateException e) {
                throw new UnreadableParametersException(e);
            }
        }
    }
}
