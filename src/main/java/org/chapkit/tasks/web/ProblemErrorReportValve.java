package org.chapkit.tasks.web;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's last word on a response, for what never got a body from the application: a request Tomcat refused
 * before it reached the application (a URL it cannot parse, an unknown HTTP version), and an error status that a
 * route set without writing a body (the actuator's 404 for an unknown health component, say). Both are
 * problem+json instead of Tomcat's HTML page or nothing, without server details.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !reportable(request, response)) {
            return;
        }
        HttpStatusCode code = HttpStatusCode.valueOf(status);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", Problems.TYPE_PREFIX + Problems.slug(code));
        problem.put("title", Problems.title(code));
        problem.put("status", status);
        problem.put("detail", !Problems.isRefusal(code) ? "the service failed to handle the request"
                : response.isError() ? "the request was refused before it reached the service: " + Problems.title(code)
                : "the request was refused: " + Problems.title(code));
        if (request.getRequestURI() != null) {
            problem.put("instance", request.getRequestURI());
        }
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JsonMapper.shared().writeValueAsString(problem));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response was already taken; nothing more can be said.
        }
    }

    /**
     * An error (Tomcat's own, or a {@code sendError} that no error page answered) is reported once; a plain error
     * status with no body yet is reported unless its headers are gone or the request is a HEAD, which has no body.
     */
    private static boolean reportable(Request request, Response response) {
        if (response.isError()) {
            return response.setErrorReported();
        }
        return !response.isCommitted() && !"HEAD".equals(request.getMethod());
    }
}
