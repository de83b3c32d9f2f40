package dev.transferadvisor.system;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

/**
 * No page of another site can make a browser act here (cross-site request forgery): a request that may change
 * something (any method but GET, HEAD, OPTIONS) whose {@code Origin} header, or failing that {@code Referer}, names
 * another origin than the request's own is refused with {@code 403} before authentication runs — the login form's
 * post included. Browsers send an {@code Origin} with every cross-site form post and script request; clients that
 * are not browsers send neither header and pass. This is OWASP's origin verification; with the console's
 * {@code SameSite=Strict} session cookie it replaces a CSRF token (quarkus-rest-csrf needs quarkus-rest-qute, which
 * cannot be used here: README, The console). Quarkus' CORS filter would do the same, but answers with an empty body.
 */
@ApplicationScoped
public class CrossSiteRequests {

    /** Origins besides the request's own that may post, e.g. the public URL behind a proxy that rewrites Host. */
    @ConfigProperty(name = "advisor.http.trusted-origins")
    Optional<List<String>> trustedOrigins;

    @Inject
    ObjectMapper mapper;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(context -> {
            HttpServerRequest request = context.request();
            HttpMethod method = request.method();
            if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
                context.next();
                return;
            }
            String claimed = request.getHeader("Origin");
            if (claimed == null) {
                claimed = origin(request.getHeader("Referer"));
            }
            if (claimed == null || sameOrigin(claimed, request) || trusted(claimed)) {
                context.next();
                return;
            }
            refuse(request, claimed);
        });
    }

    private boolean sameOrigin(String claimed, HttpServerRequest request) {
        String host = request.authority() != null ? request.authority().toString() : request.getHeader("Host");
        if (host == null) {
            return false;
        }
        String own = request.scheme() + "://" + host;
        return normal(claimed).equals(normal(own));
    }

    private boolean trusted(String claimed) {
        return trustedOrigins.map(list -> list.stream().anyMatch(origin -> normal(origin).equals(normal(claimed)))).orElse(false);
    }

    /** The origin (scheme://host[:port]) of a URL, or null when there is none to read (absent, "null", not a URL). */
    private static String origin(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return null;
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Lower case, without a trailing slash and without the scheme's default port. */
    private static String normal(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        if (o.endsWith("/")) {
            o = o.substring(0, o.length() - 1);
        }
        if (o.startsWith("http://") && o.endsWith(":80")) {
            o = o.substring(0, o.length() - 3);
        } else if (o.startsWith("https://") && o.endsWith(":443")) {
            o = o.substring(0, o.length() - 4);
        }
        return o;
    }

    private void refuse(HttpServerRequest request, String claimed) {
        String path = request.path();
        String detail = "A page of " + (claimed.length() > 200 ? claimed.substring(0, 200) + "…" : claimed)
                + " may not send this request here; only this service's own pages may";
        if (path != null && (path.equals("/console") || path.startsWith("/console/"))) {
            // a person's browser: a page, not a problem document
            request.response().setStatusCode(403).putHeader("Content-Type", "text/html;charset=UTF-8")
                    .end("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Refused · Transfer Advisor</title>"
                            + "</head><body><h1>Refused</h1><p id=\"cross-site\">This form was sent from another site."
                            + " Open <a href=\"/console\">the console</a> and try again there.</p></body></html>");
            return;
        }
        RouteProblems.answer(request, mapper, 403, "cross-site-request", "Cross-site request refused", detail);
    }
}
