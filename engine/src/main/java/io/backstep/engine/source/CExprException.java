package io.backstep.engine.source;

/** A C expression that does not parse, names something not in scope, or cannot be evaluated here: one line. */
public class CExprException extends SourceException {
    public CExprException(String message) {
        super(message);
    }
}
