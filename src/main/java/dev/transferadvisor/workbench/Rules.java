package dev.transferadvisor.workbench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.transferadvisor.ruleset.RuleError;
import dev.transferadvisor.ruleset.Ruleset;
import dev.transferadvisor.ruleset.RulesetCompiler;
import dev.transferadvisor.ruleset.RulesetCompiler.Compilation;

/** Compiles a rules directory the way the service does, for every command. */
final class Rules {

    private Rules() {
    }

    static Compilation compile(Path directory) throws CommandException {
        return new RulesetCompiler(Rules.class.getClassLoader()).compile(directory.toAbsolutePath().normalize().toString(),
                sources(directory));
    }

    /** The rule files below a directory, by path relative to it; a missing or unreadable directory fails with status 66. */
    static Map<String, String> sources(Path directory) throws CommandException {
        if (!Files.isDirectory(directory)) {
            throw new CommandException(ExitCode.NO_INPUT, "rules directory " + directory + " does not exist or is not a directory");
        }
        try {
            return RulesetCompiler.readSources(directory);
        } catch (IOException e) {
            throw new CommandException(ExitCode.NO_INPUT, "cannot read the rules in " + directory + ": " + e.getMessage());
        }
    }

    /** Compiles, printing every error as {@code file:line:column: message}; fails with status 2 on errors. */
    static Ruleset compileOrFail(Path directory, PrintStream out) throws CommandException {
        Compilation compilation = compile(directory);
        if (!compilation.succeeded()) {
            printErrors(directory, compilation, out);
            throw new CommandException(ExitCode.COMPILE_ERRORS,
                    "the rules in " + directory + " do not compile (" + compilation.errors().size() + " error(s))");
        }
        return compilation.ruleset();
    }

    static void printErrors(Path directory, Compilation compilation, PrintStream out) {
        out.println("Rules " + directory + ": " + compilation.errors().size() + " compile error(s)");
        for (RuleError error : compilation.errors()) {
            // paths relative to the working directory, so editors and terminals can jump to them
            String prefix = error.file().isEmpty() ? "" : directory.toString().replace('\\', '/') + "/";
            out.println(prefix + error.format());
        }
    }

    static String shortVersion(String version) {
        return version == null ? "?" : Ruleset.shortVersion(version);
    }
}
