package dev.transferadvisor.system;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

/**
 * An over-long request line or header block answered as a problem, like every other error.
 *
 * <p>Vert.x refuses a request line or headers beyond its own limits in the HTTP codec, before any route
 * sees the request, with a bare {@code 414}/{@code 431} and no body (quarkusio/quarkus#55082: Quarkus has
 * no hook there). So the codec's limits are set well above these ({@code quarkus.http.limits.*} in
 * application.properties) and this, the first route, answers what lies between as problem+json. Beyond
 * the codec's limits the bare answer remains (README, Configuration: advisor.http.*).
 */
@ApplicationScoped
public class RequestLimits {

    /** Longest request URI (path and query) answered; longer ones get 414. */
    @ConfigProperty(name = "advisor.http.max-uri-length", defaultValue = "8192")
    int maxUriLength;

    /** Largest sum of header names and values answered; larger ones get 431. */
    @ConfigProperty(name = "advisor.http.max-header-size", defaultValue = "16K")
    MemorySize maxHeaderSize;

    @Inject
    ObjectMapper mapper;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            HttpServerRequest request = context.request();
            int uri = request.uri().length();
            if (uri > maxUriLength) {
                refuse(request, 414, "uri-too-long", "The request URI is too long",
                        "The URI has " + uri + " characters; the limit is " + maxUriLength
                                + ". Send a case in the body of a POST, and query values of reasonable length.");
                return;
            }
            long headers = 0;
            for (Map.Entry<String, String> header : request.headers()) {
                headers += header.getKey().length() + header.getValue().length();
            }
            if (headers > maxHeaderSize.asLongValue()) {
                refuse(request, 431, "headers-too-large", "The request headers are too large",
                        "The headers hold " + headers + " characters; the limit is " + maxHeaderSize.asLongValue());
                return;
            }
            context.next();
        });
    }

    private void refuse(HttpServerRequest request, int status, String slug, String title, String detail) {
        RouteProblems.answer(request, mapper, status, slug, title, detail);
    }
}
