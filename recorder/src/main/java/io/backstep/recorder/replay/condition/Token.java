package io.backstep.recorder.replay.condition;

/** One token of a condition: its kind, its text and where it starts (0-based). */
record Token(Kind kind, String text, int pos) {
    enum Kind { NUMBER, NAME, OPERATOR, LPAREN, RPAREN, END }
}
