package dev.transferadvisor.workbench;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

import dev.transferadvisor.ruleset.EngineLogging;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The application's entry point: with no arguments it serves, as any Quarkus service; with
 * {@code check}, {@code impact}, {@code explain}, {@code compile} or {@code help} it is the rule authors' workbench and
 * runs as a plain program, without starting the server, a database or any CDI container, so it works
 * offline in seconds on a laptop or in CI. Dev mode and tests start the server without calling this.
 */
@QuarkusMain
public class Workbench {

    /** What follows the generated usage of {@code help}: how to start the service, and the exit statuses. */
    static final String FOOTER = """

            With no command (or 'serve') it starts the service instead.
            'help COMMAND' or 'COMMAND --help' shows a command's options.

            exit status:
              0   OK (check: compiled, every scenario passed, coverage met; compile: compiled and kept)
              1   unexpected failure of the workbench
              2   the rules do not compile
              3   a scenario failed, or a scenario file cannot be read
              4   coverage below --min-coverage (scenarios all passed)
              5   impact --fail-on-change: some recorded case would change
              64  wrong command line
              65  the case is invalid (explain)
              66  a file or directory given does not exist or cannot be read (compile: or written)
            """;

    private static final List<String> COMMANDS = List.of("check", "impact", "explain", "compile", "help");

    /** The command line's root: only its subcommands run; {@code help} prints its usage. */
    @Command(name = "advisor", synopsisSubcommandLabel = "COMMAND", description = {
        "Transfer Advisor — the service and the rule authors' workbench (java -jar quarkus-run.jar COMMAND [options])"},
            footer = FOOTER)
    static final class Root {
    }

    // JUL holds loggers weakly: keep the ones whose level was set, or the setting may vanish with them.
    private static final List<Logger> QUIETED = new java.util.ArrayList<>();

    public static void main(String... args) {
        if (args.length == 0 || args[0].equals("serve")) {
            Quarkus.run(args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        quietLibraries();
        // The workbench's report is its output, as for any command-line tool: it goes to standard out,
        // not to the log, so it can be piped, diffed and kept by CI.
        System.exit(run(List.of(args), System.out, System.err, System.in));
    }

    /** Runs one workbench command and returns its exit status; the entry point tests call in-process. */
    public static int run(List<String> args, PrintStream out, PrintStream err, InputStream in) {
        CommandLine cli = commandLine(out, err, in);
        try {
            if (args.isEmpty()) {
                err.println("no command given");
                cli.usage(err);
                return ExitCode.USAGE;
            }
            String command = args.get(0);
            if (!command.startsWith("-") && !COMMANDS.contains(command)) {
                err.println("unknown command '" + command + "'; commands: " + String.join(", ", COMMANDS)
                        + " (or none, or serve, to start the service)");
                err.println("run 'help' for the usage");
                return ExitCode.USAGE;
            }
            return cli.execute(args.toArray(String[]::new));
        } finally {
            out.flush();
            err.flush();
        }
    }

    static CommandLine commandLine(PrintStream out, PrintStream err, InputStream in) {
        CommandLine cli = new CommandLine(new Root())
                .addSubcommand("check", new CheckCommand(out))
                .addSubcommand("impact", new ImpactCommand(out))
                .addSubcommand("explain", new ExplainCommand(out, in))
                .addSubcommand("compile", new CompileCommand(out))
                .addSubcommand("help", new HelpCommand());
        cli.getSubcommands().values().stream().filter(sub -> !(sub.getCommand() instanceof HelpCommand))
                .forEach(sub -> sub.getCommandSpec().addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                        .description("show this help and exit").build()));
        cli.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cli.setParameterExceptionHandler((e, args) -> usageError(e.getCommandLine(), e.getMessage(), err));
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (e instanceof ParameterException usage) {
                return usageError(commandLine, usage.getMessage(), err);
            }
            if (e instanceof CommandException failed) {
                err.println(commandLine.getCommandName() + ": " + failed.getMessage());
                return failed.status();
            }
            err.println(commandLine.getCommandName() + ": unexpected failure: " + e);
            e.printStackTrace(err);
            return ExitCode.INTERNAL;
        });
        return cli;
    }

    private static int usageError(CommandLine where, String message, PrintStream err) {
        err.println(where.getCommandName() + ": " + message);
        err.println(where.getParent() == null ? "run 'help' for the usage" : "run '" + where.getCommandName() + " --help' for the usage");
        return ExitCode.USAGE;
    }

    /**
     * Without Quarkus started, its logging configuration is not applied, and the engine and validator
     * would print their start-up chatter between the lines of the report. Warnings still show.
     */
    private static void quietLibraries() {
        EngineLogging.quiet();
        for (String name : List.of("", "org.hibernate.validator", "org.jboss")) {
            Logger logger = Logger.getLogger(name);
            logger.setLevel(Level.WARNING);
            QUIETED.add(logger);
            // libraries log to the JBoss log manager, which is JUL only when the JVM was told so (exec:java is not)
            org.jboss.logmanager.Logger jboss = org.jboss.logmanager.LogContext.getLogContext().getLogger(name);
            jboss.setLevel(Level.WARNING);
            QUIETED.add(jboss);
        }
    }
}
