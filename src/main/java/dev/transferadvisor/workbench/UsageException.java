package dev.transferadvisor.workbench;

/** A command line the workbench cannot run; the message says what to fix. */
final class UsageException extends Exception {

    UsageException(String message) {
        super(message);
    }
}
