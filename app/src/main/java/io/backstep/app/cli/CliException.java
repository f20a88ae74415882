package io.backstep.app.cli;

/** A failure to report as one line on stderr with an exit status; never a stack trace. */
public final class CliException extends RuntimeException {
    private final int status;

    public CliException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
