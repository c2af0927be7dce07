package org.chapkit.tasks.web.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * 401 {@code unauthorized} (with {@code WWW-Authenticate: ApiKey}), 403 {@code forbidden}, and the 400
 * {@code bad-request} of a request Spring Security's firewall refuses, as problem+json.
 */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    private static final JsonMapper JSON = JsonMapper.shared();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "ApiKey");
        write(request, response, 401, "unauthorized", "Unauthorized", request.getHeader(ApiKeyFilter.HEADER) != null
                || request.getHeader(HttpHeaders.AUTHORIZATION) != null
                ? "the API key is not known" : "this route needs an API key: X-API-Key: <key> or Authorization: Bearer <key>");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e) throws IOException {
        write(request, response, 403, "forbidden", "Forbidden", "the API key does not have the role this route needs");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e) throws IOException {
        write(request, response, 400, "bad-request", "Bad Request", "the request holds characters the service does not accept");
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, int status, String slug, String title,
                              String detail) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "urn:chapkit:error:" + slug);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.writeValueAsString(problem));
    }
}
