package io.backstep.app.input;

import io.backstep.recorder.recording.RunConfig;

/**
 * The syntax of a preopened directory, as {@code --dir} and the window's run configuration take it:
 * {@code HOST} (the guest sees the directory under the same path) or {@code HOST::GUEST}. The only
 * place that syntax is parsed.
 */
public final class PreopenSpec {
    static final String SEPARATOR = "::";

    /** A spec that names no directory. The message says what is wrong, without the option's name. */
    public static final class InvalidException extends IllegalArgumentException {
        InvalidException(String message) {
            super(message);
        }
    }

    private PreopenSpec() {
    }

    public static RunConfig.Preopen parse(String spec) {
        if (spec.isEmpty()) throw new InvalidException("'' names no directory");
        if (spec.indexOf('\0') >= 0) throw new InvalidException("'" + spec.replace("\0", "\\0") + "' contains a NUL character");
        int sep = spec.indexOf(SEPARATOR);
        if (sep < 0) return new RunConfig.Preopen(spec, spec);
        String host = spec.substring(0, sep);
        String guest = spec.substring(sep + SEPARATOR.length());
        if (host.isEmpty()) throw new InvalidException("'" + spec + "' has no host directory before '::'");
        if (guest.isEmpty()) throw new InvalidException("'" + spec + "' has no guest path after '::'");
        return new RunConfig.Preopen(host, guest);
    }
}
