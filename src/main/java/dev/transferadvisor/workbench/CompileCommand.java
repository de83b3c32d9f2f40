package dev.transferadvisor.workbench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private final PrintStream out;

    CompileCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws CommandException {
        if (!Files.isDirectory(rulesDir)) {
            throw new CommandException(ExitCode.NO_INPUT, "rules directory " + rulesDir + " does not exist or is not a directory");
        }
        long started = System.nanoTime();
        RulesetCompiler compiler = new RulesetCompiler(CompileCommand.class.getClassLoader(), cacheDir);
        Compilation compilation;
        try {
            compilation = compiler.compile(rulesDir);
        } catch (IOException e) {
            throw new CommandException(ExitCode.NO_INPUT, "cannot read the rules in " + rulesDir + ": " + e.getMessage());
        }
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

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
