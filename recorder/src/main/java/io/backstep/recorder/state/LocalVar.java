package io.backstep.recorder.state;

/** A local (parameters first), with its name from the name section or null. */
public record LocalVar(int index, String name, Value value) {
    public String label() {
        return name != null ? name : "$" + index;
    }
}
