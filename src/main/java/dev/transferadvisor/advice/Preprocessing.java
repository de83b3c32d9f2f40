package dev.transferadvisor.advice;

import java.util.List;

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

    /** Compact list text for evidence lines: {@code [0.485,0.456,0.406]}. */
    public static String format(List<?> values) {
        return values == null ? "null" : values.stream().map(v -> v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15
                ? String.valueOf(d.longValue()) : String.valueOf(v)).collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

    @Override
    public String toString() {
        return Facts.summary(this);
    }
}
