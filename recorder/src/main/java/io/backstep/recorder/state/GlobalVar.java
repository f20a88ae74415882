package io.backstep.recorder.state;

/** A global of the instance, with its name from the name section or null. */
public record GlobalVar(int index, String name, boolean mutable, Value value) {
    public String label() {
        return name != null ? name : "$g" + index;
    }
}
