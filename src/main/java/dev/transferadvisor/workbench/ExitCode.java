package dev.transferadvisor.workbench;

/**
 * The workbench's exit statuses, so scripts and CI can tell what went wrong without parsing the
 * output. The 6x values follow BSD {@code sysexits.h}.
 */
final class ExitCode {

    /** Everything passed (check), the report was produced (impact, explain). */
    static final int OK = 0;
    /** An unexpected failure of the workbench itself. */
    static final int INTERNAL = 1;
    /** The rules do not compile. */
    static final int COMPILE_ERRORS = 2;
    /** At least one scenario failed, or a scenario file cannot be read. */
    static final int SCENARIO_FAILURES = 3;
    /** All scenarios passed but fewer rules than {@code --min-coverage} were fired by any. */
    static final int LOW_COVERAGE = 4;
    /** {@code impact --fail-on-change}: at least one recorded case would now be answered differently. */
    static final int CASES_CHANGED = 5;
    /** Wrong command line: unknown command or option, missing or bad value. */
    static final int USAGE = 64;
    /** The input is unusable: a case that is not valid JSON or breaks the contract. */
    static final int DATA_ERROR = 65;
    /** An input file or directory does not exist or cannot be read. */
    static final int NO_INPUT = 66;

    private ExitCode() {
    }
}
