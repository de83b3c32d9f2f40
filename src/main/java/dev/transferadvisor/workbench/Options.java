package dev.transferadvisor.workbench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options and operands of one command: {@code --name value}, {@code --name=value} and bare
 * {@code --flag}s, every other word an operand. Small on purpose: four commands with a handful of
 * options do not justify a CLI framework in the service's jar.
 */
final class Options {

    private final String command;
    private final Map<String, String> values = new HashMap<>();
    private final List<String> operands = new ArrayList<>();

    private Options(String command) {
        this.command = command;
    }

    /**
     * @param valued options that take a value
     * @param flags  options that take none
     */
    static Options parse(String command, List<String> args, Set<String> valued, Set<String> flags) throws UsageException {
        Options options = new Options(command);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                options.operands.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!arg.startsWith("--")) {
                options.operands.add(arg);
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq > 0 ? arg.substring(2, eq) : arg.substring(2);
            if (flags.contains(name)) {
                if (eq > 0) {
                    throw new UsageException(command + ": --" + name + " takes no value");
                }
                options.values.put(name, "true");
            } else if (valued.contains(name)) {
                String value;
                if (eq > 0) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                    value = args.get(++i);
                } else {
                    throw new UsageException(command + ": --" + name + " needs a value");
                }
                if (options.values.put(name, value) != null) {
                    throw new UsageException(command + ": --" + name + " given twice");
                }
            } else {
                List<String> known = new ArrayList<>();
                valued.forEach(v -> known.add("--" + v));
                flags.forEach(f -> known.add("--" + f));
                known.sort(null);
                throw new UsageException(command + ": unknown option " + arg + "; known: " + String.join(", ", known));
            }
        }
        return options;
    }

    String value(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String value(String name) {
        return values.get(name);
    }

    Path path(String name, String fallback) {
        return Path.of(value(name, fallback));
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    List<String> operands() {
        return operands;
    }

    /** The operands, checked to be exactly {@code count}. */
    List<String> operands(int count, String what) throws UsageException {
        if (operands.size() != count) {
            throw new UsageException(command + ": expected " + what + (operands.isEmpty() ? "" : ", got " + String.join(" ", operands)));
        }
        return operands;
    }
}
