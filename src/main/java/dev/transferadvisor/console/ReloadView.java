package dev.transferadvisor.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import dev.transferadvisor.ruleset.ReloadReport;
import dev.transferadvisor.ruleset.RuleError;
import dev.transferadvisor.ruleset.Ruleset;

/**
 * The last reload as the Rules page shows it: what triggered it, when, its outcome, and for a rejected one each error
 * with the source lines around it, so an author sees the mistake without opening the file.
 */
record ReloadView(String outcome, boolean rejected, String trigger, String at, String atIso, String version, String previousVersion,
        String previousShort, String build, List<ErrorView> errors) {

    /** Lines shown either side of the line an error names. */
    static final int CONTEXT = 3;

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** One error: {@code where} is {@code file:line:column} (the column left out where Drools gave none), {@code lines} may be empty. */
    record ErrorView(String file, int line, int column, String where, String message, List<SourceLine> lines) {
    }

    /** @param files the rule files as they read now, by path relative to the rules directory */
    static ReloadView of(ReloadReport report, Map<String, String> files) {
        List<ErrorView> errors = report.errors().stream().map(error -> error(error, files.get(error.file()))).toList();
        return new ReloadView(report.outcome().name(), report.outcome() == ReloadReport.Outcome.REJECTED, report.trigger(),
                when(report.at()), report.at().toString(), report.version(), report.previousVersion(), Ruleset.shortVersion(report.previousVersion()),
                build(report.build()), errors);
    }

    /** How an applied version was built, as a phrase; null when none was. */
    static String build(ReloadReport.Build build) {
        return build == null ? null : switch (build) {
            case REBUILT -> "rebuilt from the files that changed";
            case COMPILED -> "every file compiled";
            case CACHED -> "taken compiled from the cache";
        };
    }

    static String when(Instant instant) {
        return WHEN.format(instant);
    }

    private static ErrorView error(RuleError error, String content) {
        String where = error.file().isEmpty() ? "" : error.file() + (error.line() > 0 ? ":" + error.line() : "")
                + (error.line() > 0 && error.column() > 0 ? ":" + error.column() : "");
        List<SourceLine> lines = content == null || error.line() < 1 ? List.of() : SourceLine.around(content, error.line(), CONTEXT);
        return new ErrorView(error.file(), error.line(), error.column(), where, error.message(), lines);
    }
}
