package dev.transferadvisor.console;

import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The console's door: the login page (the form posts to Quarkus' form authentication at
 * {@code /console/j_security_check}), logging out, and the home page that lists what the user's roles open.
 */
@Path("/console")
public class ConsoleResource {

    @Inject
    ConsoleTemplates templates;

    @Inject
    SecurityIdentity identity;

    @ConfigProperty(name = "quarkus.http.auth.form.cookie-name", defaultValue = "quarkus-credential")
    String cookie;

    @GET
    @Authenticated
    public Response home(@QueryParam("forbidden") String forbidden) {
        Map<String, Object> data = new HashMap<>();
        data.put("forbidden", forbidden == null || forbidden.isBlank() ? null : forbidden);
        return templates.page("console/home", Nav.of(identity), data);
    }

    @GET
    @Path("login")
    public Response login(@QueryParam("loggedOut") String loggedOut) {
        return templates.page("console/login", Nav.of(null), Map.of("failed", false, "loggedOut", loggedOut != null));
    }

    /** Where form authentication sends a wrong user name or password. */
    @GET
    @Path("login-failed")
    public Response loginFailed() {
        return templates.page(Response.Status.UNAUTHORIZED, "console/login", Nav.of(null),
                Map.of("failed", true, "loggedOut", false));
    }

    /** The one stylesheet (no scripts anywhere), served here so that everything the console needs lives under /console. */
    @GET
    @Path("console.css")
    public Response stylesheet() {
        return Response.ok(Stylesheet.BYTES, "text/css;charset=UTF-8").header("Cache-Control", "max-age=3600").build();
    }

    /** Read from the class path once, the first time it is asked for. */
    private static final class Stylesheet {
        static final byte[] BYTES = ConsoleTemplates.classPathBytes("templates/console/static/console.css");
    }

    /** Any other console path: a page a person can read and leave, rather than the API's problem document. */
    @GET
    @Path("{unknown: .+}")
    public Response notFound(@jakarta.ws.rs.PathParam("unknown") String unknown) {
        return templates.notFound(Nav.of(identity), "The console has no page /console/" + unknown + ".");
    }

    /** The session is the encrypted cookie alone, so logging out is forgetting it. */
    @POST
    @Path("logout")
    public Response logout() {
        NewCookie expired = new NewCookie.Builder(cookie).value("").path("/").maxAge(0).httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).build();
        return Response.seeOther(java.net.URI.create("/console/login?loggedOut=true")).cookie(expired).build();
    }
}
