package dev.transferadvisor.console;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.transferadvisor.advice.Compute;
import dev.transferadvisor.advice.Diagnosis;
import dev.transferadvisor.advice.DiagnosisService;
import dev.transferadvisor.advice.Modality;
import dev.transferadvisor.advice.Strategy;
import dev.transferadvisor.advice.Unfreezing;
import dev.transferadvisor.ruleset.RuleBase;
import dev.transferadvisor.ruleset.RuleInfo;
import dev.transferadvisor.system.Problem;
import dev.transferadvisor.system.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Diagnose from the browser (role {@code diagnose}): a form for the common fields, or the whole case as JSON or
 * YAML; the case goes through the same service as {@code POST /api/diagnoses} (validated, evaluated, recorded),
 * and a {@code 400}'s field errors come back beside their fields.
 */
@Path("/console")
@RolesAllowed("diagnose")
public class DiagnoseConsole {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The form's fields: each is named by the JSON pointer of the case field it fills. */
    static final List<Field> FIELDS = List.of(
            new Field("/reference", "Reference", "text", List.of(), false, "Your own label for the case, e.g. team-a/run-17"),
            new Field("/source/model", "Source model", "text", List.of(), false, "e.g. resnet50 (ImageNet-1k)"),
            new Field("/source/modality", "Source modality", "select", names(Modality.values()), true, null),
            new Field("/source/domain", "Source domain", "text", List.of(), false, "e.g. natural-images"),
            new Field("/target/modality", "Target modality", "select", names(Modality.values()), true, null),
            new Field("/target/domain", "Target domain", "text", List.of(), false, "e.g. chest-xray"),
            new Field("/target/labeledExamples", "Labeled examples", "number", List.of(), true, "Labeled target examples"),
            new Field("/plan/strategy", "Planned strategy", "select", names(Strategy.values()), false, null),
            new Field("/plan/learningRate", "Learning rate", "number", List.of(), false, "e.g. 0.0001"),
            new Field("/plan/epochs", "Epochs", "number", List.of(), false, null),
            new Field("/plan/unfreezing", "Unfreezing", "select", names(Unfreezing.values()), false, null),
            new Field("/plan/compute", "Compute available", "select", names(Compute.values()), false, null));

    private static final String EXAMPLE = "warm-up/xray-api-example.json";

    @Inject
    ConsoleTemplates templates;

    @Inject
    SecurityIdentity identity;

    @Inject
    DiagnosisService diagnoses;

    @Inject
    RuleBase rules;

    @Inject
    ObjectMapper json;

    /** A form field: its JSON pointer, label, input kind, choices for a select, and a hint. */
    public record Field(String name, String label, String kind, List<String> choices, boolean required, String hint) {

        /** A valid HTML id for the field (pointers hold slashes). */
        public String id() {
            return "field" + name.replace('/', '-');
        }
    }

    /** A field as the form shows it: its definition, the value entered, and what the service said about it. */
    public record FieldState(Field field, String value, String error) {
    }

    @GET
    @Path("diagnose")
    public Response form() {
        return page(Response.Status.OK, Map.of(), List.of(), null, example());
    }

    /** The form's fields become a case with only the fields filled in; what the service rejects comes back beside them. */
    @POST
    @Path("diagnose")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response diagnoseForm(MultivaluedMap<String, String> form) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        ObjectNode body = json.createObjectNode();
        // the two required objects always, so that an empty one is reported field by field, beside the fields
        body.putObject("source");
        body.putObject("target");
        for (Field field : FIELDS) {
            String value = form.getFirst(field.name());
            value = value == null ? "" : value.trim();
            values.put(field.name(), value);
            if (!value.isEmpty()) {
                put(body, field, value);
            }
        }
        byte[] bytes = json.writeValueAsBytes(body);
        return diagnose(bytes, values, json.writerWithDefaultPrettyPrinter().writeValueAsString(body));
    }

    /** The whole case as JSON or YAML, for every field the form does not show. */
    @POST
    @Path("diagnose/editor")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response diagnoseEditor(MultivaluedMap<String, String> form) throws IOException {
        String text = form.getFirst("case") == null ? "" : form.getFirst("case");
        byte[] bytes;
        String trimmed = text.stripLeading();
        if (trimmed.startsWith("{") || trimmed.startsWith("[") || trimmed.isEmpty()) {
            bytes = text.getBytes(StandardCharsets.UTF_8);
        } else {
            try {
                JsonNode tree = YAML.readTree(text);
                bytes = json.writeValueAsBytes(tree);
            } catch (JsonProcessingException e) {
                List<Problem.FieldError> errors = List.of(new Problem.FieldError("case",
                        "is neither JSON nor YAML: " + e.getOriginalMessage()));
                return page(Response.Status.BAD_REQUEST, Map.of(), errors, "The case is not valid YAML", text);
            }
        }
        return diagnose(bytes, Map.of(), text);
    }

    /** The answer page of a diagnosis (the one just made, or any other by its id, as GET /api/diagnoses/{id}). */
    @GET
    @Path("diagnoses/{id}")
    public Response answer(@PathParam("id") String id) {
        Diagnosis diagnosis = diagnoses.find(id).orElse(null);
        if (diagnosis == null) {
            return templates.notFound(Nav.of(identity), "No diagnosis has the id " + id + ".");
        }
        Map<String, RuleInfo> known = new HashMap<>();
        if (rules.loaded()) {
            rules.current().rules().forEach(rule -> known.put(rule.id(), rule));
        }
        AnswerView answer = AnswerView.of(diagnosis,
                rule -> known.containsKey(rule) ? known.get(rule).file() + ":" + known.get(rule).line() : null,
                DiagnoseConsole::ruleHref, "/console/audit/records/" + diagnosis.id());
        return templates.page("console/answer", Nav.of(identity), Map.of("answer", answer));
    }

    /** Where a rule's source opens (the Rules pages). */
    static String ruleHref(String ruleId) {
        return "/console/rules/" + ruleId;
    }

    private Response diagnose(byte[] body, Map<String, String> values, String caseText) {
        try {
            DiagnosisService.Answered answered = diagnoses.diagnose(body, identity.getPrincipal().getName());
            return Response.seeOther(URI.create("/console/diagnoses/" + answered.id())).build();
        } catch (ProblemException e) {
            List<?> errors = e.errors() == null ? List.of() : e.errors();
            return page(Response.Status.fromStatusCode(e.status()), values, errors, e.title() + ": " + e.getMessage(), caseText);
        }
    }

    private Response page(Response.Status status, Map<String, String> values, List<?> errors, String problem,
            String caseText) {
        Map<String, String> byField = new HashMap<>();
        List<String> unplaced = new ArrayList<>();
        for (Object error : errors) {
            if (error instanceof Problem.FieldError fieldError) {
                boolean shown = values.containsKey(fieldError.field());
                if (shown) {
                    byField.merge(fieldError.field(), fieldError.message(), (a, b) -> a + "; " + b);
                } else {
                    unplaced.add((fieldError.field().isEmpty() ? "the case" : fieldError.field()) + ": " + fieldError.message());
                }
            } else {
                unplaced.add(String.valueOf(error));
            }
        }
        List<FieldState> fields = new ArrayList<>();
        for (Field field : FIELDS) {
            fields.add(new FieldState(field, values.getOrDefault(field.name(), ""), byField.get(field.name())));
        }
        Map<String, Object> data = new HashMap<>();
        data.put("fields", fields);
        data.put("problem", problem);
        data.put("otherErrors", unplaced);
        data.put("caseText", caseText);
        data.put("editorOpen", values.isEmpty() && problem != null);
        return templates.page(status, "console/diagnose", Nav.of(identity), data);
    }

    /** A form value into the case: numbers as numbers where they parse, else as text for the service to name. */
    private static void put(ObjectNode body, Field field, String value) {
        String[] path = field.name().substring(1).split("/");
        ObjectNode node = body;
        for (int i = 0; i < path.length - 1; i++) {
            node = node.has(path[i]) ? (ObjectNode) node.get(path[i]) : node.putObject(path[i]);
        }
        String name = path[path.length - 1];
        if (field.kind().equals("number")) {
            try {
                if (value.matches("-?\\d{1,18}")) {
                    node.put(name, Long.parseLong(value));
                } else {
                    node.put(name, Double.parseDouble(value));
                }
                return;
            } catch (NumberFormatException e) {
                // left as text: the service answers which field is not a number
            }
        }
        node.put(name, value);
    }

    /** The form's starting case, read from the class path once. */
    private static String example() {
        return Example.TEXT;
    }

    private static final class Example {
        static final String TEXT = new String(ConsoleTemplates.classPathBytes(EXAMPLE), StandardCharsets.UTF_8);
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
