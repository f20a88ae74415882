package io.backstep.engine.source;

import io.backstep.engine.debuginfo.FrameAccess;

/** What a C expression can see at one stop: the names in scope, the program's named types, the frame's state. */
public interface CEnv {
    /** The variable, parameter, global or enumerator {@code name} as seen here, or null if nothing has that name. */
    CValue lookup(String name);

    /**
     * The type a cast names: {@code tag} is "struct", "union", "enum" or null (a typedef or base type
     * name); null if the program has no such type.
     */
    CType type(String tag, String name);

    /** The state values and memory are read from. */
    FrameAccess frame();
}
