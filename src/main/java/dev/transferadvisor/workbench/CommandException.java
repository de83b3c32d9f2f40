package dev.transferadvisor.workbench;

/** Ends a command early with an exit status and a message for the author (a missing file, rules that do not compile). */
final class CommandException extends Exception {

    private final int status;

    CommandException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
