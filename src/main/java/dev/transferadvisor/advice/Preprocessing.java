package dev.transferadvisor.advice;

import java.util.List;

import dev.transferadvisor.ruleset.FactSummary;

/**
 * Fact: one input pipeline, tagged with whose it is ({@link Role#SOURCE} what the pre-trained model
 * expects, {@link Role#PLAN} what the plan feeds it, {@link Role#PRESET} a reference pipeline a rule
 * file declares). Rules compare these field by field.
 */
public record Preprocessing(
        Role role,
        String name,
        List<Double> mean,
        List<Double> std,
        PixelScale pixelScale,
        ColorSpace colorSpace,
        Integer inputSize,
        String tokenizer,
        Boolean lowercase,
        Integer sampleRateHz) {

    static Preprocessing of(Role role, PreprocessingSpec spec) {
        return new Preprocessing(role, null, spec.mean(), spec.std(), spec.pixelScale(), spec.colorSpace(),
                spec.inputSize(), spec.tokenizer(), spec.lowercase(), spec.sampleRateHz());
    }

    /** True when both lists are given and differ in length or in any value by more than {@code tolerance}. */
    public static boolean differ(List<Double> a, List<Double> b, double tolerance) {
        if (a == null || b == null) {
            return false;
        }
        if (a.size() != b.size()) {
            return true;
        }
        for (int i = 0; i < a.size(); i++) {
            if (Math.abs(a.get(i) - b.get(i)) > tolerance) {
                return true;
            }
        }
        return false;
    }

    /**
     * The pipeline {@code primary} states, with each field it leaves out taken from {@code fallback}:
     * what a source model expects when the case gives part of it and a known preset the rest.
     */
    public static Preprocessing merge(Role role, String name, Preprocessing primary, Preprocessing fallback) {
        return new Preprocessing(role, name,
                primary.mean() != null ? primary.mean() : fallback.mean(),
                primary.std() != null ? primary.std() : fallback.std(),
                primary.pixelScale() != null ? primary.pixelScale() : fallback.pixelScale(),
                primary.colorSpace() != null ? primary.colorSpace() : fallback.colorSpace(),
                primary.inputSize() != null ? primary.inputSize() : fallback.inputSize(),
                primary.tokenizer() != null ? primary.tokenizer() : fallback.tokenizer(),
                primary.lowercase() != null ? primary.lowercase() : fallback.lowercase(),
                primary.sampleRateHz() != null ? primary.sampleRateHz() : fallback.sampleRateHz());
    }

    /**
     * True when two tokenizer names denote different tokenizers. Names are compared without case or
     * punctuation, and one naming the other ({@code bert-base-uncased} within {@code hf:bert-base-uncased})
     * counts as the same, so spelling variants raise no false alarm.
     */
    public static boolean differentTokenizers(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        String x = a.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "");
        String y = b.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return !(x.contains(y) || y.contains(x));
    }

    /** Same channel values in reverse order (RGB constants fed to a BGR model, or the other way round). */
    public static boolean reversed(List<Double> a, List<Double> b, double tolerance) {
        if (a == null || b == null || a.size() != b.size() || a.size() < 2) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (Math.abs(a.get(i) - b.get(b.size() - 1 - i)) > tolerance) {
                return false;
            }
        }
        return differ(a, b, tolerance);
    }

    /** Compact list text for evidence lines: {@code [0.485,0.456,0.406]}. */
    public static String format(List<?> values) {
        return values == null ? "null" : values.stream().map(v -> v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15
                ? String.valueOf(d.longValue()) : String.valueOf(v)).collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

    @Override
    public String toString() {
        return FactSummary.of(this);
    }
}
