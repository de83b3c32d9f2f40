package dev.transferadvisor.clients;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Whether the Node.js tools the client and lint tests run are installed; those tests skip, saying so, without them. */
final class NodeTools {

    static final String MISSING = "Node.js (node and npm) is not installed";

    private NodeTools() {
    }

    /** {@code node} and {@code npm} both answer {@code --version}. */
    static boolean installed() {
        return answers("node") && answers("npm");
    }

    private static boolean answers(String command) {
        try {
            Process process = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
