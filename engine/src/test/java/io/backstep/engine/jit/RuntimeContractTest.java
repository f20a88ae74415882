package io.backstep.engine.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.code.Opcode;
import io.backstep.engine.code.OpcodeTable;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;

/** Every runtime member the translator names (RuntimeContract) exists with the type and kind it is used as. */
class RuntimeContractTest {
    private static Class<?> owner(String internalName) throws ClassNotFoundException {
        return Class.forName(internalName.replace('/', '.'), false, RuntimeContractTest.class.getClassLoader());
    }

    private static List<Object> entries() throws IllegalAccessException {
        List<Object> all = new ArrayList<>();
        for (Field f : RuntimeContract.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) continue;
            f.setAccessible(true);
            Object v = f.get(null);
            if (v instanceof RuntimeContract.Field || v instanceof RuntimeContract.Call) all.add(v);
        }
        for (Opcode o : OpcodeTable.all()) {
            if (o.semantics() != null) all.add(RuntimeContract.semantics(o));
        }
        return all;
    }

    @Test
    void everyNamedMemberExistsWithItsType() throws Exception {
        int fields = 0;
        int calls = 0;
        for (Object e : entries()) {
            if (e instanceof RuntimeContract.Field f) {
                Field field = owner(f.owner()).getDeclaredField(f.name());
                assertEquals(f.descriptor(), field.getType().descriptorString(), f.toString());
                assertFalse(Modifier.isStatic(field.getModifiers()), f + " is read and written per object");
                assertReachable(field, f.toString());
                fields++;
            } else {
                RuntimeContract.Call c = (RuntimeContract.Call) e;
                Executable x = find(owner(c.owner()), c);
                assertReachable(x, c.toString());
                switch (c.invoke()) {
                    case Opcodes.INVOKESTATIC -> assertTrue(Modifier.isStatic(x.getModifiers()), c + " is called as static");
                    case Opcodes.INVOKEVIRTUAL -> assertFalse(Modifier.isStatic(x.getModifiers()), c + " is called on an object");
                    case Opcodes.INVOKESPECIAL -> assertTrue(x instanceof Constructor, c + " is called as a constructor");
                    default -> throw new AssertionError(c + ": unexpected invoke opcode " + c.invoke());
                }
                calls++;
            }
        }
        assertTrue(fields >= 7 && calls >= 10 + 132, fields + " fields, " + calls + " calls");
    }

    /**
     * Translated classes are defined in the runtime's package (JitCode.DEFINE_IN): a member there must not
     * be private, and one elsewhere (the JIT tier's own support) public, in a public class; a constructor
     * (the base class's, called by the subclass) may be protected.
     */
    private static void assertReachable(java.lang.reflect.Member m, String what) {
        Class<?> owner = m.getDeclaringClass();
        if (owner.getPackageName().equals(JitCode.DEFINE_IN.lookupClass().getPackageName())) {
            assertFalse(Modifier.isPrivate(m.getModifiers()), what + " must be reachable from the runtime package");
            return;
        }
        assertTrue(Modifier.isPublic(owner.getModifiers()), what + ": its class must be public");
        boolean ok = Modifier.isPublic(m.getModifiers()) || m instanceof Constructor && Modifier.isProtected(m.getModifiers());
        assertTrue(ok, what + " must be public: translated code calls it from the runtime package");
    }

    /** The declared method or constructor of {@code type} that {@code c} names, by name and descriptor. */
    private static Executable find(Class<?> type, RuntimeContract.Call c) {
        if (c.name().equals("<init>")) {
            for (Constructor<?> k : type.getDeclaredConstructors()) {
                if (MethodType.methodType(void.class, k.getParameterTypes()).toMethodDescriptorString().equals(c.descriptor())) return k;
            }
        } else {
            for (Method m : type.getDeclaredMethods()) {
                if (m.getName().equals(c.name())
                        && MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString().equals(c.descriptor())) {
                    return m;
                }
            }
        }
        throw new AssertionError(type.getName() + " has no " + c.name() + c.descriptor());
    }

    @Test
    void everyNamedClassExists() throws Exception {
        int classes = 0;
        for (Field f : RuntimeContract.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) || f.getType() != String.class) continue;
            f.setAccessible(true);
            String v = (String) f.get(null);
            if (v.startsWith("(") || v.endsWith("/")) continue; // a method descriptor or a package
            owner(v);
            classes++;
        }
        assertTrue(classes >= 5, classes + " classes");
        assertTrue(Throwable.class.isAssignableFrom(owner(RuntimeContract.BUDGET_EXHAUSTED)), "the budget check's exit is caught as an exception");
        assertTrue(Throwable.class.isAssignableFrom(owner(RuntimeContract.TRAP)));
    }

    @Test
    void generatedMethodsHaveTheShapeTheBaseClassCalls() throws Exception {
        // Each generated chunk method takes runChunk's arguments less the chunk number.
        String run = RuntimeContract.RUN_DESC;
        String chunk = RuntimeContract.RUN_CHUNK.descriptor();
        assertEquals("(I" + run.substring(1), chunk);
        Method runChunk = (Method) find(owner(RuntimeContract.BASE), RuntimeContract.RUN_CHUNK);
        assertTrue(Modifier.isAbstract(runChunk.getModifiers()), "JitCode.runChunk is what a translation implements");
    }
}
