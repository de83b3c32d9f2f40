package dev.transferadvisor.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

import dev.transferadvisor.ruleset.RuleError;
import dev.transferadvisor.ruleset.TraceEntry;

/** The shapes auditors read (API.md §4). */
public final class AuditViews {

    private AuditViews() {
    }

    /** One line of {@code GET /api/audit}. */
    @Schema(name = "AuditSummary")
    public record Summary(String id, Instant recordedAt, @Schema(nullable = true) String principal,
            @Schema(nullable = true) String reference, String rulesetVersion,
            @Schema(description = "The recommended strategy, null when none is viable", nullable = true) String strategy,
            @Schema(description = "Finding codes, highest severity first") List<String> findings) {
    }

    /** A page of records, newest first; pass {@code nextCursor} as {@code cursor} for the next (older) page. */
    @Schema(name = "AuditPage")
    public record Page(List<Summary> items, @Schema(description = "null on the last page", nullable = true) String nextCursor) {
    }

    /** One fired rule with its source text as it stood in the record's ruleset version. */
    @Schema(name = "FiredRule")
    public record FiredRule(String id, String file, int line, String source) {
    }

    /** {@code GET /api/audit/{id}}: everything needed to reconstruct why the answer was given. */
    @Schema(name = "AuditRecord")
    public record Record(String id, Instant recordedAt, @Schema(nullable = true) String principal,
            @Schema(nullable = true) String reference, String rulesetVersion,
            @Schema(description = "The case as received, parsed: a TransferCase, possibly with nulls and empty lists or objects"
                    + " for fields not given", implementation = Map.class, type = SchemaType.OBJECT,
                    additionalProperties = Schema.True.class) JsonNode request,
            @Schema(description = "The case exactly as received, byte for byte (UTF-8)") String requestBody,
            @Schema(description = "The diagnosis as answered", ref = "Diagnosis") JsonNode diagnosis,
            @Schema(description = "Every rule that fired for the case, in order, with the facts it matched (the diagnosis'"
                    + " trace)", type = SchemaType.ARRAY, implementation = TraceEntry.class) JsonNode trace,
            @Schema(description = "Each fired rule once, in first-firing order, with its source text in that version")
            List<FiredRule> firedRules,
            String previousHash, String hash,
            @Schema(description = "The chain the record belongs to: one per service instance run") String chain,
            @Schema(description = "The record's position in its chain, from 1") long chainPosition) {
    }

    /** {@code GET /api/audit/verify}: every chain and every anchor checked. */
    @Schema(name = "ChainCheck")
    public record ChainCheck(@Schema(description = "Records checked, in all chains") long records, boolean valid,
            @Schema(description = "The first record whose content or link does not match, null when valid or when what is"
                    + " wrong is a missing record or anchor (see problem)", nullable = true)
            String firstBrokenId,
            @Schema(description = "What is wrong, naming the chain or anchor, null when valid", nullable = true) String problem,
            @Schema(description = "The anchor the check started from (records archived before it need not be present), null"
                    + " when it started from the beginning", nullable = true) Long fromAnchor,
            @Schema(description = "Each chain: one per service instance run, oldest first") List<ChainState> chains,
            AnchorCheck anchors) {
    }

    /** One writer's chain, as verification found it. */
    @Schema(name = "ChainState")
    public record ChainState(@Schema(description = "The chain id, made when an instance started") String chain,
            @Schema(description = "The host and process that wrote it, as it registered", nullable = true) String instance,
            @Schema(description = "Records of this chain checked") long records,
            @Schema(description = "Chain position of the newest record checked, 0 when none") long head,
            @Schema(description = "Chain position of the newest record an anchor names, null when no anchor names this chain yet:"
                    + " removing records after it would go unnoticed until the next anchor (every 10 s, and at a clean stop)",
                    nullable = true) Long anchoredHead,
            boolean valid,
            @Schema(description = "The first record of this chain that does not hold, null when valid or missing", nullable = true)
            String firstBrokenId,
            @Schema(description = "Chain position where this chain first does not hold, null when valid", nullable = true)
            Long firstBrokenPosition,
            @Schema(description = "What is wrong there, null when valid", nullable = true) String problem) {
    }

    /** The chain of anchors, as verification found it. */
    @Schema(name = "AnchorCheck")
    public record AnchorCheck(@Schema(description = "Anchors checked") long anchors, boolean valid,
            @Schema(description = "The newest anchor, null when there is none yet", nullable = true) Long latest,
            @Schema(description = "The first anchor that does not hold (or the position of a missing one), null when valid",
                    nullable = true) Long firstBroken,
            @Schema(description = "What is wrong there, null when valid", nullable = true) String problem) {
    }

    /** One file of a stored ruleset version. */
    @Schema(name = "RulesetFile")
    public record RulesetFile(String path, String sha256, String content) {
    }

    /** A rule of a stored ruleset version, with its source text. */
    @Schema(name = "RulesetRule")
    public record RulesetRule(String id, String file, int line, String source) {
    }

    /** {@code GET /api/rulesets/{version}}. */
    @Schema(name = "RulesetVersion")
    public record Ruleset(String version, Instant firstAppliedAt, String directory, List<RulesetFile> files,
            List<RulesetRule> rules,
            @Schema(description = "The firings on reference data alone (config/ and what derives from it), made once for this"
                    + " version and resident in every evaluation on it; null for versions stored before they were kept",
                    nullable = true)
            List<TraceEntry> residentTrace) {
    }

    /** One entry of {@code GET /api/rulesets}: a version ever applied. */
    @Schema(name = "RulesetVersionSummary")
    public record RulesetSummary(String version, Instant firstAppliedAt, int files) {
    }

    /** One reload attempt and its outcome, whoever triggered it. */
    @Schema(name = "RulesetReload")
    public record Reload(Instant at,
            @Schema(enumeration = { "APPLIED", "REJECTED", "UNCHANGED" }) String outcome,
            String trigger, @Schema(nullable = true) String version, @Schema(nullable = true) String previousVersion,
            @Schema(description = "Why a rejected reload was rejected; empty otherwise") List<RuleError> errors) {
    }
}
