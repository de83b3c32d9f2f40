package dev.transferadvisor.console;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.transferadvisor.advice.Diagnosis;
import dev.transferadvisor.ruleset.TraceEntry;

/**
 * The fired-rule chain of one answer, laid out as a graph and as a tree: from the case's facts through the
 * firings that derived facts to the verdicts and findings they concluded. Laid out here, on the server, so the
 * page needs no script: each firing sits in the column of its depth (one past the deepest firing it derived
 * from), conclusions in the last column; the template draws it as SVG.
 */
public record TraceGraph(int width, int height, List<Node> nodes, List<Edge> edges, List<TreeNode> tree) {

    static final int NODE_WIDTH = 230;
    static final int NODE_HEIGHT = 38;
    static final int COLUMN_GAP = 56;
    static final int ROW_GAP = 10;
    static final int MARGIN = 8;

    /** A box: a firing (kind {@code firing}), the case, or a conclusion ({@code verdict}, {@code finding}). */
    public record Node(String id, String kind, String label, String detail, String href, int x, int y) {

        public int width() {
            return NODE_WIDTH;
        }

        public int height() {
            return NODE_HEIGHT;
        }

        /** The label cut to what fits the box; the whole text is the node's tooltip. */
        public String shortLabel() {
            return cut(label, 34);
        }

        public String shortDetail() {
            return detail == null ? "" : cut(detail, 40);
        }

        public int textX() {
            return x + 8;
        }

        public int labelY() {
            return y + 15;
        }

        public int detailY() {
            return y + 30;
        }

        public String fill() {
            return switch (kind) {
                case "case" -> "#e3ecfa";
                case "verdict" -> "#eef6ee";
                case "finding" -> "#fdf0e6";
                default -> "#ffffff";
            };
        }

        public String stroke() {
            return switch (kind) {
                case "verdict" -> "#2f6f3e";
                case "finding" -> "#b86e00";
                default -> "#1f5fbf";
            };
        }
    }

    /** A line from one box's right edge to another's left edge, as an SVG path. */
    public record Edge(String from, String to, String path) {
    }

    /** The same chain as a collapsible tree (the {@code tree} tag). */
    public record TreeNode(String label, String detail, String href, List<TreeNode> children) {
    }

    /**
     * Lays out a diagnosis's trace. {@code where} gives a rule's {@code file:line} (or null when unknown),
     * {@code href} the link that opens a rule's source.
     */
    public static TraceGraph of(Diagnosis diagnosis, Function<String, String> where, Function<String, String> href) {
        List<TraceEntry> trace = diagnosis.trace() == null ? List.of() : diagnosis.trace();
        Map<Integer, Integer> depth = new HashMap<>();
        Map<Integer, TraceEntry> bySequence = new LinkedHashMap<>();
        for (TraceEntry entry : trace) {
            int d = 0;
            for (int from : entry.derivedFrom()) {
                d = Math.max(d, depth.getOrDefault(from, 0) + 1);
            }
            depth.put(entry.sequence(), d);
            bySequence.put(entry.sequence(), entry);
        }
        int deepest = depth.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
        List<List<Node>> columns = new ArrayList<>();
        for (int c = 0; c <= deepest + 2; c++) {
            columns.add(new ArrayList<>());
        }
        Map<String, Node> nodes = new LinkedHashMap<>();
        List<String[]> links = new ArrayList<>();
        Node root = place(columns, 0, "case", "case", "The case", facts(trace) + " facts of the case", null);
        nodes.put(root.id(), root);

        Map<String, TreeNode> treeNodes = new HashMap<>();
        Map<String, List<TreeNode>> children = new HashMap<>();
        children.put("case", new ArrayList<>());
        for (TraceEntry entry : trace) {
            String id = "f" + entry.sequence();
            String location = where.apply(entry.rule());
            Node node = place(columns, 1 + depth.get(entry.sequence()), id, "firing", entry.rule(),
                    "#" + entry.sequence() + " · " + (location != null ? location : entry.file()), href.apply(entry.rule()));
            nodes.put(id, node);
            children.put(id, new ArrayList<>());
            if (entry.derivedFrom().isEmpty()) {
                links.add(new String[] {"case", id});
            }
            for (int from : entry.derivedFrom()) {
                if (bySequence.containsKey(from)) {
                    links.add(new String[] {"f" + from, id});
                }
            }
        }
        // conclusions: every strategy's verdict from the firings that inserted one, every finding from its rule
        int conclusions = deepest + 2;
        Map<String, List<String>> verdictFrom = new LinkedHashMap<>();
        for (TraceEntry entry : trace) {
            for (String inserted : entry.inserted()) {
                String strategy = field(inserted, "Verdict{", "strategy");
                if (strategy != null) {
                    verdictFrom.computeIfAbsent(strategy, s -> new ArrayList<>()).add("f" + entry.sequence());
                }
            }
        }
        Map<String, String> levels = new HashMap<>();
        if (diagnosis.recommendation() != null) {
            if (diagnosis.recommendation().strategy() != null) {
                levels.put(diagnosis.recommendation().strategy().name(), "RECOMMENDED");
            }
            for (Diagnosis.Alternative alternative : diagnosis.recommendation().alternatives()) {
                levels.put(alternative.strategy().name(), alternative.verdict().name());
            }
        }
        for (Map.Entry<String, List<String>> verdict : verdictFrom.entrySet()) {
            String id = "v-" + verdict.getKey();
            Node node = place(columns, conclusions, id, "verdict", verdict.getKey(), levels.get(verdict.getKey()), null);
            nodes.put(id, node);
            for (String from : verdict.getValue()) {
                links.add(new String[] {from, id});
            }
        }
        int n = 0;
        for (Diagnosis.FindingView finding : diagnosis.findings()) {
            String id = "c" + n++;
            Node node = place(columns, conclusions, id, "finding", finding.code(), finding.severity() + " · " + finding.title(),
                    "#finding-" + (n - 1));
            nodes.put(id, node);
            String from = lastFiring(trace, finding.rule());
            if (from != null) {
                links.add(new String[] {from, id});
            }
        }

        List<Edge> edges = new ArrayList<>();
        for (String[] link : links) {
            Node a = nodes.get(link[0]);
            Node b = nodes.get(link[1]);
            if (a == null || b == null) {
                continue;
            }
            int x1 = a.x() + NODE_WIDTH;
            int y1 = a.y() + NODE_HEIGHT / 2;
            int x2 = b.x();
            int y2 = b.y() + NODE_HEIGHT / 2;
            int mid = (x1 + x2) / 2;
            edges.add(new Edge(link[0], link[1], "M" + x1 + "," + y1 + " C" + mid + "," + y1 + " " + mid + "," + y2 + " " + x2 + "," + y2));
            // the tree hangs each node under the first node that leads to it; a node reached twice says so
            TreeNode child = treeNodes.computeIfAbsent(link[1], id -> new TreeNode(b.label(), b.detail(), b.href(),
                    children.computeIfAbsent(id, k -> new ArrayList<>())));
            List<TreeNode> under = children.computeIfAbsent(link[0], k -> new ArrayList<>());
            if (!containsAnywhere(children, child)) {
                under.add(child);
            }
        }
        List<TreeNode> tree = List.of(new TreeNode(root.label(), root.detail(), null, children.get("case")));
        int rows = columns.stream().mapToInt(List::size).max().orElse(1);
        int width = 2 * MARGIN + columns.size() * NODE_WIDTH + (columns.size() - 1) * COLUMN_GAP;
        int height = 2 * MARGIN + rows * NODE_HEIGHT + Math.max(0, rows - 1) * ROW_GAP;
        return new TraceGraph(width, height, List.copyOf(nodes.values()), edges, tree);
    }

    private static Node place(List<List<Node>> columns, int column, String id, String kind, String label, String detail,
            String href) {
        List<Node> in = columns.get(column);
        Node node = new Node(id, kind, label, detail, href, MARGIN + column * (NODE_WIDTH + COLUMN_GAP),
                MARGIN + in.size() * (NODE_HEIGHT + ROW_GAP));
        in.add(node);
        return node;
    }

    private static boolean containsAnywhere(Map<String, List<TreeNode>> children, TreeNode node) {
        for (List<TreeNode> list : children.values()) {
            for (TreeNode candidate : list) {
                if (candidate == node) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The number of distinct facts the firings on the case alone matched. */
    private static int facts(List<TraceEntry> trace) {
        return (int) trace.stream().filter(e -> e.derivedFrom().isEmpty()).flatMap(e -> e.matched().stream()).distinct().count();
    }

    private static String lastFiring(List<TraceEntry> trace, String rule) {
        String found = null;
        for (TraceEntry entry : trace) {
            if (entry.rule().equals(rule)) {
                found = "f" + entry.sequence();
            }
        }
        return found;
    }

    /** {@code field(“Verdict{strategy=X, level=Y}”, “Verdict{”, “strategy”)} is X; null when the summary is of another type. */
    static String field(String summary, String prefix, String name) {
        if (!summary.startsWith(prefix)) {
            return null;
        }
        int at = summary.indexOf(name + "=", prefix.length());
        if (at < 0) {
            return null;
        }
        int from = at + name.length() + 1;
        int to = from;
        while (to < summary.length() && summary.charAt(to) != ',' && summary.charAt(to) != '}') {
            to++;
        }
        return summary.substring(from, to);
    }

    static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
