package dev.transferadvisor.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpServerRequest;

/** A problem document answered straight from a Vert.x route, for the filters that refuse a request before JAX-RS sees it. */
final class RouteProblems {

    private RouteProblems() {
    }

    /** Ends the request with {@code status} and a problem of type {@code slug}; the path is named unless it is over 200 characters. */
    static void answer(HttpServerRequest request, ObjectMapper mapper, int status, String slug, String title, String detail) {
        String path = request.path();
        Problem problem = new Problem(Problem.type(slug), title, status, detail, path == null || path.length() > 200 ? null : path, null);
        try {
            request.response().setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE).end(mapper.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem always serialises", e);
        }
    }
}
