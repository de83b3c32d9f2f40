package dev.transferadvisor.system;

import java.net.URI;
import java.nio.channels.ClosedChannelException;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpClosedException;

/**
 * Every error the service answers, in one place, as {@code application/problem+json}. Clients never
 * see class names or stack traces; the log keeps them.
 */
public class ProblemMappers {

    private static final String CONSOLE = "/console";

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response.ResponseBuilder response = builder(e.toProblem(uri.getPath()));
        if (e.retryAfter() != null) {
            response.header("Retry-After", Math.max(1, e.retryAfter().toSeconds()));
        }
        return response.build();
    }

    /** No credentials, or wrong ones: 401 with the Basic challenge (API.md §5); the console's pages send the browser to log in. */
    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        if (isConsole(uri)) {
            if (e instanceof AuthenticationFailedException) {
                return Response.seeOther(URI.create(CONSOLE + "/login-failed")).build();
            }
            Response.ResponseBuilder login = Response.seeOther(URI.create(CONSOLE + "/login"));
            // form authentication reads this cookie after a good login and goes back to the page first asked for; set
            // as a raw header, because JAX-RS would quote the URL and the form mechanism would redirect to the quotes
            String back = uri.getRequestUri().toString();
            if (back.chars().noneMatch(c -> c <= ' ' || c == ';' || c == ',' || c == '"' || c == '\\')) {
                login.header("Set-Cookie", "quarkus-redirect-location=" + back + "; Path=/; HttpOnly; SameSite=Strict");
            }
            return login.build();
        }
        return builder(new Problem(Problem.type("unauthorized"), "Authentication required", 401,
                "Send HTTP Basic credentials of a user with the role this resource needs", uri.getPath(), null))
                .header("WWW-Authenticate", "Basic realm=\"transfer-advisor\"").build();
    }

    /** Authenticated, but without the role (diagnose, author, auditor) this resource needs. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        if (isConsole(uri)) {
            // the console's home page says which page needed a role the user lacks
            String path = uri.getRequestUri().getRawPath().replace("&", "%26").replace("+", "%2B");
            return Response.seeOther(URI.create(CONSOLE + "?forbidden=" + path)).build();
        }
        return respond(new Problem(Problem.type("forbidden"), "Not allowed", 403,
                "Your user lacks the role this resource needs", uri.getPath(), null));
    }

    /** Bodies that are not JSON at all; structure and type errors are collected by the case reader. */
    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        return respond(new Problem(Problem.type("malformed-json"), "The request body is not valid JSON", 400,
                e.getOriginalMessage(), uri.getPath(), null));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "HTTP " + status;
        String detail = switch (status) {
            case 404 -> "No resource at " + uri.getPath();
            case 405 -> "Method not allowed on " + uri.getPath();
            case 406 -> "This resource answers application/json (errors as application/problem+json)";
            case 415 -> "Send the body as application/json";
            default -> e.getMessage();
        };
        return respond(new Problem(Problem.type(known != null ? known.name().toLowerCase().replace('_', '-') : "http-" + status),
                title, status, detail, uri.getPath(), null));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        if (e instanceof WebApplicationException web) {
            return web(web, uri);
        }
        if (clientWentAway(e)) {
            // the client closed the connection before its body arrived (a load tool stopping, a timeout): no fault here
            Log.debugf("The client of %s closed the connection: %s", uri.getPath(), e.getMessage());
            return respond(new Problem(Problem.type("body-incomplete"), "The request body did not arrive whole", 400,
                    "The connection closed while the body was being read.", uri.getPath(), null));
        }
        Log.errorf(e, "Unexpected failure on %s", uri.getPath());
        return respond(new Problem(Problem.type("internal-error"), "Internal error", 500,
                "The service failed unexpectedly; the log has the details.", uri.getPath(), null));
    }

    /** An I/O failure reading the request because the connection closed (Vert.x' or NIO's word for it). */
    static boolean clientWentAway(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ClosedChannelException || t instanceof HttpClosedException) {
                return true;
            }
        }
        return false;
    }

    /** The web console's pages (a browser, not an API client), by path alone: system/ knows no feature. */
    private static boolean isConsole(UriInfo uri) {
        String path = uri.getPath();
        return path.equals(CONSOLE) || path.startsWith(CONSOLE + "/");
    }

    static Response respond(Problem problem) {
        return builder(problem).build();
    }

    private static Response.ResponseBuilder builder(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }
}
