package dev.transferadvisor.console;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

import dev.transferadvisor.audit.AuditViews.Summary;
import dev.transferadvisor.ruleset.RuleInfo;

/**
 * One rule's page: its metadata, its text as the serving version compiled it (and the whole file around it), and the
 * latest diagnoses in which it fired.
 */
record RulePage(RulesTable.Row rule, String version, List<Meta> otherMetadata, List<SourceLine> text, List<SourceLine> file,
        List<Fired> diagnoses, boolean auditUnavailable) {

    /** The audit pages' address of one record. */
    static final String AUDIT_RECORD = "/console/audit/records/";

    /** The metadata the page shows in rows of their own; any other key an author adds is listed after them. */
    private static final Set<String> SHOWN = Set.of("code", "severity", "description", "reference");

    /** A metadata entry beyond the usual ones. */
    record Meta(String name, String value) {
    }

    /** A diagnosis in which the rule fired, as the audit trail lists it; {@code href} is its record's page. */
    record Fired(String id, String href, String at, String atIso, String reference, String strategy, String findings,
            String version) {

        static Fired of(Summary summary) {
            return new Fired(summary.id(), AUDIT_RECORD + RulesTable.path(summary.id()), ReloadView.when(summary.recordedAt()),
                    summary.recordedAt().toString(), summary.reference(), summary.strategy(), String.join(", ", summary.findings()),
                    summary.rulesetVersion());
        }
    }

    /** @param content the text of the rule's file in the serving version */
    static RulePage of(RuleInfo rule, long fired, String version, String content, List<Fired> diagnoses, boolean auditUnavailable) {
        RulesTable.Row row = RulesTable.Row.of(rule.id(), rule.file(), rule.line(), rule.metadata(), fired);
        List<Meta> others = rule.metadata().entrySet().stream().filter(entry -> !SHOWN.contains(entry.getKey()))
                .map(entry -> new Meta(entry.getKey(), String.valueOf(entry.getValue())))
                .sorted(Comparator.comparing(Meta::name)).toList();
        String source = content == null ? "" : content;
        int end = SourceLine.ruleEnd(source, rule.line());
        return new RulePage(row, version, others, SourceLine.of(source, rule.line(), end, 0, 0),
                SourceLine.of(source, 1, Integer.MAX_VALUE, rule.line(), end), diagnoses, auditUnavailable);
    }
}
