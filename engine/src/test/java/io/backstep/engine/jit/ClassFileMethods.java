package io.backstep.engine.jit;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The bytecode size and JVM locals of each method of a class file, read from its Code attributes. */
public final class ClassFileMethods {
    private ClassFileMethods() {
    }

    /** A method's {@code code_length} and {@code max_locals}. */
    public record Method(int codeLength, int maxLocals) {
    }

    /** Methods by name + descriptor. */
    public static Map<String, Method> of(byte[] classFile) throws IOException {
        Map<String, Method> methods = new LinkedHashMap<>();
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) throw new IOException("not a class file");
        in.skipBytes(4); // version
        int cpCount = in.readUnsignedShort();
        String[] utf8 = new String[cpCount];
        for (int i = 1; i < cpCount; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                case 5, 6 -> {
                    in.skipBytes(8);
                    i++;
                }
                case 7, 8, 16, 19, 20 -> in.skipBytes(2);
                case 15 -> in.skipBytes(3);
                default -> throw new IOException("constant pool tag " + tag);
            }
        }
        in.skipBytes(6); // access, this, super
        in.skipBytes(2 * in.readUnsignedShort()); // interfaces
        int fields = in.readUnsignedShort();
        for (int f = 0; f < fields; f++) {
            in.skipBytes(6);
            int attrs = in.readUnsignedShort();
            for (int a = 0; a < attrs; a++) {
                in.skipBytes(2);
                in.skipBytes(in.readInt());
            }
        }
        int count = in.readUnsignedShort();
        for (int m = 0; m < count; m++) {
            in.readUnsignedShort();
            String name = utf8[in.readUnsignedShort()] + utf8[in.readUnsignedShort()];
            int attrs = in.readUnsignedShort();
            for (int a = 0; a < attrs; a++) {
                String attr = utf8[in.readUnsignedShort()];
                int len = in.readInt();
                if (attr.equals("Code")) {
                    in.skipBytes(2); // max_stack
                    int maxLocals = in.readUnsignedShort();
                    int codeLength = in.readInt();
                    methods.put(name, new Method(codeLength, maxLocals));
                    in.skipBytes(len - 8);
                } else {
                    in.skipBytes(len);
                }
            }
        }
        return methods;
    }
}
