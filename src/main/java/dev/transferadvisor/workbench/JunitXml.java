package dev.transferadvisor.workbench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import dev.transferadvisor.ruleset.RuleError;
import dev.transferadvisor.scenario.RuleCoverage;
import dev.transferadvisor.scenario.ScenarioResult;

/**
 * The result of {@code check} in the JUnit XML format CI servers display: one suite for compilation,
 * one test case per scenario, one for the coverage minimum.
 */
final class JunitXml {

    private final Document document;
    private final Element root;

    JunitXml() {
        try {
            document = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        root = document.createElement("testsuites");
        root.setAttribute("name", "transfer-advisor rules check");
        document.appendChild(root);
    }

    void compileErrors(Path rulesDir, List<RuleError> errors) {
        Element suite = suite("rules.compile", 1, errors.isEmpty() ? 0 : 1);
        Element test = testCase(suite, "rules", "compile " + rulesDir, 0);
        if (!errors.isEmpty()) {
            StringBuilder text = new StringBuilder();
            errors.forEach(e -> text.append(e.format()).append('\n'));
            failure(test, errors.size() + " compile error(s)", text.toString());
        }
    }

    void unreadableScenarios(Path scenariosDir, String message) {
        Element suite = suite("scenarios", 1, 1);
        failure(testCase(suite, "scenarios", "read " + scenariosDir, 0), "a scenario file cannot be read", message);
    }

    void scenarios(List<ScenarioResult> results, List<Long> millis) {
        long failures = results.stream().filter(r -> !r.passed()).count();
        Element suite = suite("scenarios", results.size(), (int) failures);
        for (int i = 0; i < results.size(); i++) {
            ScenarioResult result = results.get(i);
            String file = result.scenario().file();
            int slash = file.lastIndexOf('/');
            // the folder reads as the class, the file and scenario name as the test: how CI groups them
            String classname = "scenarios" + (slash > 0 ? "." + file.substring(0, slash).replace('/', '.') : "");
            Element test = testCase(suite, classname, file + ": " + result.scenario().name(), millis.get(i));
            if (!result.passed()) {
                failure(test, String.join("; ", result.failures()), result.report());
            }
        }
    }

    void coverage(RuleCoverage coverage, double minimum) {
        boolean low = coverage.percent() + 1e-9 < minimum;
        Element suite = suite("rules.coverage", 1, low ? 1 : 0);
        Element test = testCase(suite, "coverage", String.format(Locale.ROOT, "at least %.1f%% of rules fired by a scenario", minimum), 0);
        StringBuilder unfired = new StringBuilder();
        coverage.unfired().forEach(r -> unfired.append(r.file()).append(':').append(r.line()).append(": ").append(r.rule()).append('\n'));
        if (low) {
            failure(test, String.format(Locale.ROOT, "coverage %.1f%% is below %.1f%%", coverage.percent(), minimum), unfired.toString());
        } else if (unfired.length() > 0) {
            Element out = document.createElement("system-out");
            out.setTextContent("fired by no scenario:\n" + unfired);
            test.appendChild(out);
        }
    }

    void write(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        try (OutputStream stream = Files.newOutputStream(file)) {
            Transformer transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.transform(new DOMSource(document), new StreamResult(stream));
        } catch (TransformerException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private Element suite(String name, int tests, int failures) {
        Element suite = document.createElement("testsuite");
        suite.setAttribute("name", name);
        suite.setAttribute("tests", String.valueOf(tests));
        suite.setAttribute("failures", String.valueOf(failures));
        suite.setAttribute("errors", "0");
        suite.setAttribute("skipped", "0");
        root.appendChild(suite);
        return suite;
    }

    private Element testCase(Element suite, String classname, String name, long millis) {
        Element test = document.createElement("testcase");
        test.setAttribute("classname", classname);
        test.setAttribute("name", name);
        test.setAttribute("time", String.format(Locale.ROOT, "%.3f", millis / 1000.0));
        suite.appendChild(test);
        return test;
    }

    private void failure(Element test, String message, String text) {
        Element failure = document.createElement("failure");
        failure.setAttribute("message", message);
        failure.setAttribute("type", "AssertionError");
        failure.setTextContent(text);
        test.appendChild(failure);
    }
}
