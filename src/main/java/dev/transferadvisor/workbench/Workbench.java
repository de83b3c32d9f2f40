package dev.transferadvisor.workbench;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.transferadvisor.ruleset.EngineLogging;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The application's entry point: with no arguments it serves, as any Quarkus service; with
 * {@code check}, {@code impact}, {@code explain} or {@code help} it is the rule authors' workbench and
 * runs as a plain program, without starting the server, a database or any CDI container, so it works
 * offline in seconds on a laptop or in CI. Dev mode and tests start the server without calling this.
 */
@QuarkusMain
public class Workbench {

    static final String USAGE = """
            Transfer Advisor — the service and the rule authors' workbench

            usage:
              java -jar quarkus-run.jar                 start the service (same as 'serve')
              java -jar quarkus-run.jar serve           start the service
              java -jar quarkus-run.jar COMMAND [options]

            commands:
              %s
                  compile the rules (errors as file:line:column: message), run every scenario,
                  print the failures and a coverage table of which rules the scenarios fire.
                  defaults: --rules rules --scenarios test-scenarios --min-coverage 0
              %s
                  re-evaluate every case of an audit export (one JSON record a line) under the
                  candidate rules and report the cases whose answer would change.
              %s
                  diagnose one case and print it as a readable report with the fired-rule chain.
                  default: --rules rules
              help
                  this text

            exit status:
              0   OK (check: compiled, every scenario passed, coverage met)
              1   unexpected failure of the workbench
              2   the rules do not compile
              3   a scenario failed, or a scenario file cannot be read
              4   coverage below --min-coverage (scenarios all passed)
              5   impact --fail-on-change: some recorded case would change
              64  wrong command line
              65  the case is invalid (explain)
              66  a file or directory given does not exist or cannot be read
            """.formatted(CheckCommand.USAGE, ImpactCommand.USAGE, ExplainCommand.USAGE);

    private static final List<String> COMMANDS = List.of("check", "impact", "explain", "help");

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
        if (args.isEmpty()) {
            err.println("no command given");
            err.print(USAGE);
            return ExitCode.USAGE;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        try {
            return switch (command) {
                case "check" -> CheckCommand.run(rest, out);
                case "impact" -> ImpactCommand.run(rest, out);
                case "explain" -> ExplainCommand.run(rest, out, in);
                case "help", "--help", "-h" -> {
                    out.print(USAGE);
                    yield ExitCode.OK;
                }
                default -> throw new UsageException("unknown command '" + command + "'; commands: " + String.join(", ", COMMANDS)
                        + " (or none, or serve, to start the service)");
            };
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.println("run 'help' for the usage");
            return ExitCode.USAGE;
        } catch (CommandException e) {
            err.println(command + ": " + e.getMessage());
            return e.status();
        } catch (RuntimeException e) {
            err.println(command + ": unexpected failure: " + e);
            e.printStackTrace(err);
            return ExitCode.INTERNAL;
        } finally {
            out.flush();
        }
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
