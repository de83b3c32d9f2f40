package dev.transferadvisor.workbench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import dev.transferadvisor.ruleset.RulesConfig;
import dev.transferadvisor.ruleset.Ruleset;
import dev.transferadvisor.ruleset.RulesetCompiler.Compilation;
import dev.transferadvisor.scenario.RuleCoverage;
import dev.transferadvisor.scenario.Scenario;
import dev.transferadvisor.scenario.ScenarioResult;
import dev.transferadvisor.scenario.ScenarioRunner;

/**
 * {@code check}: compile the rules, run every scenario, report coverage. The gate an author runs
 * before saving a change into the watched directory, and CI runs on a rules repository.
 */
@Command(name = "check", sortOptions = false, description = {
    "Compile the rules (errors as file:line:column: message), run every scenario, print the failures and a coverage table"
            + " of which rules the scenarios fire."})
final class CheckCommand implements Callable<Integer> {

    @Option(names = "--rules", paramLabel = "DIR", defaultValue = "rules", description = "the rules directory (default: ${DEFAULT-VALUE})")
    Path rulesDir;

    @Option(names = "--scenarios", paramLabel = "DIR", defaultValue = "test-scenarios",
            description = "the scenario files (*.yaml) (default: ${DEFAULT-VALUE})")
    Path scenariosDir;

    @Option(names = "--min-coverage", paramLabel = "PCT", defaultValue = "0", converter = Percent.class,
            description = "the least share of rules the scenarios must fire, 0 to 100 (default: ${DEFAULT-VALUE})")
    double minCoverage;

    @Option(names = "--junit-xml", paramLabel = "FILE", description = "also write the results as JUnit XML for CI")
    Path junitXml;

    private final PrintStream out;

    CheckCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws CommandException {
        if (!Files.isDirectory(scenariosDir)) {
            throw new CommandException(ExitCode.NO_INPUT, "scenarios directory " + scenariosDir + " does not exist or is not a directory");
        }
        JunitXml junit = new JunitXml();

        long started = System.nanoTime();
        Compilation compilation = Rules.compile(rulesDir);
        if (!compilation.succeeded()) {
            Rules.printErrors(rulesDir, compilation, out);
            junit.compileErrors(rulesDir, compilation.errors());
            write(junit, junitXml, out);
            out.println();
            out.println("FAILED: the rules do not compile; no scenario was run (exit " + ExitCode.COMPILE_ERRORS + ")");
            return ExitCode.COMPILE_ERRORS;
        }
        Ruleset ruleset = compilation.ruleset();
        junit.compileErrors(rulesDir, List.of());
        out.printf("Rules %s: version %s, %d rules in %d files, compiled%n", rulesDir, Rules.shortVersion(ruleset.version()),
                ruleset.rules().size(), ruleset.files().size());

        List<Scenario> scenarios;
        try {
            scenarios = ScenarioRunner.load(scenariosDir);
        } catch (IOException | RuntimeException e) {
            out.println("Scenarios " + scenariosDir + ": cannot be read: " + e.getMessage());
            junit.unreadableScenarios(scenariosDir, e.getMessage());
            write(junit, junitXml, out);
            out.println();
            out.println("FAILED: a scenario file cannot be read (exit " + ExitCode.SCENARIO_FAILURES + ")");
            return ExitCode.SCENARIO_FAILURES;
        }
        ScenarioRunner runner = ScenarioRunner.standalone();
        List<ScenarioResult> results = new ArrayList<>();
        List<Long> millis = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            long t = System.nanoTime();
            results.add(runner.run(scenario, ruleset, RulesConfig.DEFAULT_MAX_FIRINGS));
            millis.add((System.nanoTime() - t) / 1_000_000);
        }
        List<ScenarioResult> failed = results.stream().filter(r -> !r.passed()).toList();
        out.printf("Scenarios %s: %d run, %d passed, %d failed%n", scenariosDir, results.size(),
                results.size() - failed.size(), failed.size());
        junit.scenarios(results, millis);
        for (ScenarioResult result : failed) {
            out.println();
            out.print("FAILED " + result.report());
        }

        RuleCoverage coverage = RuleCoverage.of(ruleset, results);
        out.println();
        printCoverage(coverage, out);
        boolean coverageLow = coverage.percent() + 1e-9 < minCoverage;
        junit.coverage(coverage, minCoverage);
        write(junit, junitXml, out);

        out.println();
        long took = (System.nanoTime() - started) / 1_000_000;
        if (!failed.isEmpty()) {
            out.printf("FAILED: %d of %d scenarios failed%s (exit %d, %d ms)%n", failed.size(), results.size(),
                    coverageLow ? " and coverage is below " + format(minCoverage) : "", ExitCode.SCENARIO_FAILURES, took);
            return ExitCode.SCENARIO_FAILURES;
        }
        if (coverageLow) {
            out.printf("FAILED: coverage %s is below the minimum %s; %d rule(s) fired by no scenario (exit %d, %d ms)%n",
                    format(coverage.percent()), format(minCoverage), coverage.unfired().size(), ExitCode.LOW_COVERAGE, took);
            return ExitCode.LOW_COVERAGE;
        }
        if (results.isEmpty()) {
            out.println("note: no scenario files (*.yaml) under " + scenariosDir + "; nothing but compilation was checked");
        }
        out.printf("OK: rules compile, %d scenarios pass, coverage %s (minimum %s) (%d ms)%n", results.size(),
                format(coverage.percent()), format(minCoverage), took);
        return ExitCode.OK;
    }

    static void printCoverage(RuleCoverage coverage, PrintStream out) {
        int fired = coverage.rows().size() - coverage.unfired().size();
        out.printf("Coverage: %d of %d rules fired by at least one scenario or on the reference data (%s)%n", fired,
                coverage.rows().size(), format(coverage.percent()));
        int width = coverage.rows().stream().mapToInt(r -> r.rule().length()).max().orElse(4);
        out.printf("  %9s  %-" + width + "s  %s%n", "SCENARIOS", "RULE", "WHERE");
        for (RuleCoverage.Row row : coverage.rows()) {
            // reference-data rules fire once per version, whatever the case: shown as "resident"
            String count = row.scenarios() == 0 && row.resident() > 0 ? "resident" : String.valueOf(row.scenarios());
            out.printf("  %9s  %-" + width + "s  %s:%d%n", count, row.rule(), row.file(), row.line());
        }
        if (coverage.unfired().isEmpty()) {
            out.println("Every rule is fired by at least one scenario.");
        } else {
            out.println("Fired by no scenario (" + coverage.unfired().size() + "):");
            coverage.unfired().forEach(row -> out.println("  " + row.file() + ":" + row.line() + ": " + row.rule()));
        }
    }

    private static void write(JunitXml junit, Path file, PrintStream out) throws CommandException {
        if (file == null) {
            return;
        }
        try {
            junit.write(file);
            out.println("JUnit XML written to " + file);
        } catch (IOException e) {
            throw new CommandException(ExitCode.NO_INPUT, "cannot write " + file + ": " + e.getMessage());
        }
    }

    /** {@code 80}, {@code 80%} or {@code 80.5}: a share of rules, 0 to 100. */
    static final class Percent implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            String digits = text.strip().endsWith("%") ? text.strip().substring(0, text.strip().length() - 1) : text.strip();
            try {
                double value = Double.parseDouble(digits);
                if (value >= 0 && value <= 100) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("must be a percentage from 0 to 100, got '" + text + "'");
        }
    }

    static String format(double percent) {
        return String.format(Locale.ROOT, "%.1f%%", percent);
    }
}
