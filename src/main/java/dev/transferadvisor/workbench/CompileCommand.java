package dev.transferadvisor.workbench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.transferadvisor.ruleset.Ruleset;
import dev.transferadvisor.ruleset.RulesetCompiler;
import dev.transferadvisor.ruleset.RulesetCompiler.Compilation;

/**
 * {@code compile}: compile the rules and keep the result where the service looks for compiled rules,
 * so that a start on these rules, with this build and this JVM, loads them instead of compiling
 * (several seconds in a fresh JVM). {@code package} runs it on the shipped rules into
 * {@code target/quarkus-app/app/rules-cache}; an operator can run it into the service's
 * {@code advisor.rules.cache-dir} before a restart. Also the quickest check that rules compile.
 */
@Command(name = "compile", sortOptions = false, description = {
    "Compile the rules (errors as file:line:column: message) and keep the compiled rules in DIR, where a service started on"
            + " the same rules with this build and JVM takes them instead of compiling."})
final class CompileCommand implements Callable<Integer> {

    @Option(names = "--rules", paramLabel = "DIR", defaultValue = "rules", description = "the rules directory (default: ${DEFAULT-VALUE})")
    Path rulesDir;

    @Option(names = "--cache-dir", paramLabel = "DIR", defaultValue = "data/rules-cache",
            description = "where to keep the compiled rules: the service's advisor.rules.cache-dir (default: ${DEFAULT-VALUE}),"
                    + " or the rules-cache folder beside the application's jar (app/rules-cache), which the service reads when its"
                    + " own cache has no entry")
    Path cacheDir;

    @Option(names = "--flat", description = "compile the files as one flat folder, as a Kubernetes ConfigMap made of them is mounted"
            + " (README, Running on Kubernetes): what a pod started on such a ConfigMap takes")
    boolean flat;

    private final PrintStream out;

    CompileCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws CommandException {
        long started = System.nanoTime();
        Map<String, String> sources = Rules.sources(rulesDir);
        RulesetCompiler compiler = new RulesetCompiler(CompileCommand.class.getClassLoader(), cacheDir);
        Compilation compilation = compiler.compile(rulesDir.toAbsolutePath().normalize().toString(), flat ? flattened(sources) : sources);
        if (!compilation.succeeded()) {
            Rules.printErrors(rulesDir, compilation, out);
            out.println();
            out.println("FAILED: the rules do not compile; nothing was kept (exit " + ExitCode.COMPILE_ERRORS + ")");
            return ExitCode.COMPILE_ERRORS;
        }
        Ruleset ruleset = compilation.ruleset();
        long took = (System.nanoTime() - started) / 1_000_000;
        out.printf("Rules %s: version %s, %d rules in %d files, %s (%d ms)%n", rulesDir, Rules.shortVersion(ruleset.version()),
                ruleset.rules().size(), ruleset.files().size(), compiler.cacheHits() > 0 ? "already compiled" : "compiled", took);
        ruleset.release();
        Path entry = compiler.lastCacheEntry().orElse(null);
        if (entry == null) {
            throw new CommandException(ExitCode.NO_INPUT, "the compiled rules could not be written to " + cacheDir + " (see the warning above)");
        }
        out.printf("OK: kept in %s (%,d KB)%n", entry, size(entry) / 1024);
        return ExitCode.OK;
    }

    /**
     * The files by name alone, in the order a flat folder is read, as a ConfigMap holds them; two files of one name
     * cannot be flattened.
     */
    private static Map<String, String> flattened(Map<String, String> sources) throws CommandException {
        Map<String, String> flat = new TreeMap<>();
        Map<String, String> pathOf = new HashMap<>();
        for (Map.Entry<String, String> source : sources.entrySet()) {
            String name = source.getKey().substring(source.getKey().lastIndexOf('/') + 1);
            String clash = pathOf.putIfAbsent(name, source.getKey());
            if (clash != null) {
                throw new CommandException(ExitCode.USAGE, "--flat: " + clash + " and " + source.getKey()
                        + " have the same file name; a flat folder holds one of them");
            }
            flat.put(name, source.getValue());
        }
        return flat;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
