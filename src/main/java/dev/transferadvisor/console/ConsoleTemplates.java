package dev.transferadvisor.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.Engine;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateLocator.TemplateLocation;
import io.quarkus.qute.UserTagSectionHelper;
import io.quarkus.qute.Variant;

/**
 * The console's Qute engine: templates from {@code templates/} on the class path, values read from records and
 * maps by reflection, every expression HTML-escaped.
 *
 * <p>Qute is used as the plain library rather than through {@code quarkus-rest-qute}, whose dev-mode dependency
 * {@code qute-debug} the project's registry does not serve (README, The console). What the extension would check
 * at build time (that every expression names a real property) {@link Engine#builder() strict rendering} reports at
 * the first render instead, and the console's tests render every page.
 */
@ApplicationScoped
public class ConsoleTemplates {

    static final String HTML = MediaType.TEXT_HTML + ";charset=UTF-8";

    private final Engine engine = Engine.builder()
            .addDefaults()
            .addValueResolver(new ReflectionValueResolver())
            .addResultMapper(new HtmlEscaper(List.of(Variant.TEXT_HTML)))
            .addLocator(ConsoleTemplates::locate)
            .addSectionHelper(new UserTagSectionHelper.Factory("tree", "console/tags/tree.html"))
            .removeStandaloneLines(true)
            .strictRendering(true)
            .build();

    /** A page: {@code template} under {@code templates/} without its {@code .html}, rendered with {@code data}. */
    public Response page(String template, Nav nav, Map<String, Object> data) {
        return page(Response.Status.OK, template, nav, data);
    }

    public Response page(Response.Status status, String template, Nav nav, Map<String, Object> data) {
        return Response.status(status).type(HTML).entity(render(template, nav, data)).build();
    }

    /** A 404 page in the console's frame, saying what is not there, with the way back. */
    public Response notFound(Nav nav, String heading, String message, String backHref, String backLabel) {
        return page(Response.Status.NOT_FOUND, "console/not-found", nav,
                Map.of("heading", heading, "message", message, "backHref", backHref, "backLabel", backLabel));
    }

    /** A 404 page for a console path or diagnosis that does not exist, with the way back to the console's home. */
    public Response notFound(Nav nav, String message) {
        return notFound(nav, "Not found", message, "/console", "Back to the console");
    }

    /** A resource the console ships, whole; its absence is a packaging error. */
    static byte[] classPathBytes(String path) {
        try (InputStream in = ConsoleTemplates.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("No " + path + " on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path + " from the class path", e);
        }
    }

    String render(String template, Nav nav, Map<String, Object> data) {
        Template found = engine.getTemplate(template);
        if (found == null) {
            throw new IllegalStateException("No template " + template);
        }
        Map<String, Object> all = new HashMap<>(data);
        all.put("nav", nav);
        return found.data(all).render();
    }

    private static Optional<TemplateLocation> locate(String id) {
        String path = "templates/" + (id.endsWith(".html") ? id : id + ".html");
        URL url = Thread.currentThread().getContextClassLoader().getResource(path);
        if (url == null) {
            return Optional.empty();
        }
        return Optional.of(new TemplateLocation() {
            @Override
            public Reader read() {
                try {
                    InputStream in = url.openStream();
                    return new InputStreamReader(in, StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException("Cannot read " + path, e);
                }
            }

            @Override
            public Optional<Variant> getVariant() {
                return Optional.of(new Variant(null, StandardCharsets.UTF_8, Variant.TEXT_HTML));
            }
        });
    }
}
