package dev.transferadvisor.advice;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.transferadvisor.ruleset.FactSummary;

/**
 * Fact: a label distribution normalised to shares summing to 1, tagged with whose it is
 * ({@link Role#SOURCE} pre-training, {@link Role#TARGET} target training labels, {@link Role#DEPLOYMENT}
 * what deployment will see). Its statistics are methods so rules can bind them.
 */
public record LabelDistribution(Role role, Map<String, Double> shares) {

    public LabelDistribution {
        shares = Collections.unmodifiableMap(new LinkedHashMap<>(shares));
    }

    /** Normalises shares or counts to shares summing to 1. */
    public static LabelDistribution normalised(Role role, Map<String, Double> raw) {
        double total = raw.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Double> shares = new LinkedHashMap<>();
        raw.forEach((label, value) -> shares.put(label, value / total));
        return new LabelDistribution(role, shares);
    }

    public int classes() {
        return shares.size();
    }

    /** Evidence shows at most this many classes of a distribution, the largest shares. */
    static final int SHOWN_CLASSES = 20;

    /**
     * The shares as evidence prints them: all of them up to {@value #SHOWN_CLASSES} classes (as a map
     * prints), else the largest {@value #SHOWN_CLASSES} and how many more. A case may name tens of
     * thousands of classes; printed whole, one finding's evidence took 1.8 MB of the answer.
     */
    public String sharesText() {
        if (shares.size() <= SHOWN_CLASSES) {
            return shares.toString();
        }
        StringBuilder text = new StringBuilder("{");
        shares.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(SHOWN_CLASSES)
                .forEach(share -> text.append(share.getKey()).append('=').append(share.getValue()).append(", "));
        return text.append("… ").append(String.format(java.util.Locale.ROOT, "%,d", shares.size() - SHOWN_CLASSES))
                .append(" smaller classes}").toString();
    }

    /** Shannon entropy divided by its maximum, log(classes): 1 is perfectly balanced, near 0 is one class. */
    public double normalizedEntropy() {
        if (shares.size() < 2) {
            return 0;
        }
        double entropy = 0;
        for (double p : shares.values()) {
            if (p > 0) {
                entropy -= p * Math.log(p);
            }
        }
        return entropy / Math.log(shares.size());
    }

    /** Largest share over smallest non-zero share. */
    public double imbalanceRatio() {
        double max = 0;
        double min = Double.MAX_VALUE;
        for (double p : shares.values()) {
            max = Math.max(max, p);
            if (p > 0) {
                min = Math.min(min, p);
            }
        }
        return min == Double.MAX_VALUE ? 1 : max / min;
    }

    /** The class with the smallest share (the first such in order), or null when there are no classes. */
    public String smallestLabel() {
        String smallest = null;
        for (Map.Entry<String, Double> e : shares.entrySet()) {
            if (smallest == null || e.getValue() < shares.get(smallest)) {
                smallest = e.getKey();
            }
        }
        return smallest;
    }

    /** The smallest share of any class (0 when one is empty or there are no classes). */
    public double minShare() {
        return shares.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    public double share(String label) {
        return shares.getOrDefault(label, 0.0);
    }

    /** Fraction of this distribution's classes that the other also names. */
    public double labelOverlap(LabelDistribution other) {
        if (shares.isEmpty()) {
            return 0;
        }
        long common = shares.keySet().stream().filter(other.shares::containsKey).count();
        return (double) common / shares.size();
    }

    /**
     * Jensen–Shannon distance (base 2, so within 0..1) over the union of labels; the measure Evidently
     * uses for categorical drift. Meaningful when the label sets overlap.
     */
    public double jsDistance(LabelDistribution other) {
        Map<String, Double> union = new LinkedHashMap<>();
        shares.keySet().forEach(k -> union.put(k, 0.0));
        other.shares.keySet().forEach(k -> union.put(k, 0.0));
        double divergence = 0;
        for (String label : union.keySet()) {
            double p = share(label);
            double q = other.share(label);
            double m = (p + q) / 2;
            if (p > 0) {
                divergence += 0.5 * p * log2(p / m);
            }
            if (q > 0) {
                divergence += 0.5 * q * log2(q / m);
            }
        }
        return Math.sqrt(Math.max(0, divergence));
    }

    /**
     * Population stability index over the union of labels, {@code sum (q - p) ln(q / p)} with this as
     * the expected (p) and the other as the actual (q) distribution; empty classes count as
     * {@code floor} so a class missing on one side gives a large but finite value. Deepchecks flags
     * label drift above 0.2.
     */
    public double psi(LabelDistribution other, double floor) {
        Map<String, Double> union = new LinkedHashMap<>();
        shares.keySet().forEach(k -> union.put(k, 0.0));
        other.shares.keySet().forEach(k -> union.put(k, 0.0));
        double psi = 0;
        for (String label : union.keySet()) {
            double p = Math.max(share(label), floor);
            double q = Math.max(other.share(label), floor);
            psi += (q - p) * Math.log(q / p);
        }
        return psi;
    }

    /**
     * Jensen–Shannon distance between the two distributions restricted to the classes both name,
     * each renormalised: how differently they weigh the classes they share (a pre-training set with
     * 1,000 classes against a target using ten of them). 0 when they share fewer than two classes.
     */
    public double sharedJsDistance(LabelDistribution other) {
        Map<String, Double> mine = new LinkedHashMap<>();
        Map<String, Double> theirs = new LinkedHashMap<>();
        shares.forEach((label, share) -> {
            if (other.shares.containsKey(label)) {
                mine.put(label, share);
                theirs.put(label, other.shares.get(label));
            }
        });
        double a = mine.values().stream().mapToDouble(Double::doubleValue).sum();
        double b = theirs.values().stream().mapToDouble(Double::doubleValue).sum();
        if (mine.size() < 2 || a <= 0 || b <= 0) {
            return 0;
        }
        return normalised(role, mine).jsDistance(normalised(other.role, theirs));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    @Override
    public String toString() {
        return FactSummary.of(this);
    }
}
