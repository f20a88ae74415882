package io.backstep.app.input;

/** Text a user typed that does not parse; the message is one line that says what was expected. */
public final class InputException extends IllegalArgumentException {
    public InputException(String message) {
        super(message);
    }
}
