package io.backstep.engine.validate;

import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.code.Op;
import io.backstep.engine.code.Opcode;
import io.backstep.engine.code.OpcodeTable;
import io.backstep.engine.code.TypeIds;
import io.backstep.engine.decode.ByteReader;
import io.backstep.engine.decode.MalformedModuleException;
import io.backstep.engine.model.FuncType;
import io.backstep.engine.model.FunctionBody;
import io.backstep.engine.model.GlobalType;
import io.backstep.engine.model.ValType;
import io.backstep.engine.model.WasmModule;
import io.backstep.engine.simd.SimdOp;
import io.backstep.engine.simd.SimdOps;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Validates function bodies and lowers them to internal code in the same pass, the way the spec's
 * validation algorithm walks the code: an operand type stack plus a control stack. Because the
 * validator knows the exact stack height at every branch, it can precompute each branch's target pc
 * and the stack adjustment it needs, so the interpreter never looks up labels at run time.
 *
 * <p>Unreachable code (after br, return, unreachable, ...) is validated but not emitted.
 */
public final class FunctionCompiler {
    private static final int UNKNOWN = -1;
    private static final ValType[] VALTYPES = ValType.values();
    private static final ValType[] NONE = new ValType[0];

    private static final int KIND_BLOCK = 0, KIND_LOOP = 1, KIND_IF = 2, KIND_ELSE = 3, KIND_FUNCTION = 4;

    private final WasmModule module;
    private final BitSet declaredRefs;

    public FunctionCompiler(WasmModule module) {
        this.module = module;
        this.declaredRefs = ModuleValidator.declaredFunctionReferences(module);
    }

    /** Validates and compiles defined function {@code definedIndex} (0 = first non-imported function). */
    public CompiledFunction compile(int definedIndex) {
        return new Lowering(definedIndex).run();
    }

    /**
     * Types of the operand stack (bottom first, frame-local: the enclosing frames' operands excluded,
     * block parameters included) just before the instruction at {@code wasmOffset} of defined function
     * {@code definedIndex}; null if no instruction starts there. Debuggers use it to show operand types,
     * which the value stack does not store.
     */
    public ValType[] operandTypesAt(int definedIndex, int wasmOffset) {
        Lowering l = new Lowering(definedIndex);
        l.stopAt = wasmOffset;
        try {
            l.run();
        } catch (StopAt s) {
            return s.types;
        }
        return null;
    }

    /** Ends an analysis run early, carrying the type stack it was asked for. */
    private static final class StopAt extends RuntimeException {
        final ValType[] types;

        StopAt(ValType[] types) {
            super(null, null, false, false);
            this.types = types;
        }
    }

    /** A control frame of the validation algorithm, plus what lowering needs to patch jumps. */
    private static final class Frame {
        int kind;
        ValType[] params;
        ValType[] results;
        /** Operand stack height (values) and (slots) below the frame's parameters. */
        int height;
        int slotHeight;
        boolean unreachable;
        /** The frame was entered in unreachable code: nothing in it is emitted. */
        boolean dead;
        int loopPc;
        int elseFixup = -1;
        int[] fixups = new int[4];
        int fixupCount;

        ValType[] labelTypes() {
            return kind == KIND_LOOP ? params : results;
        }

        void addFixup(int at) {
            if (fixupCount == fixups.length) fixups = Arrays.copyOf(fixups, fixupCount * 2);
            fixups[fixupCount++] = at;
        }
    }

    private final class Lowering {
        private final int funcIndex;
        private final FuncType type;
        private final FunctionBody body;
        private final ByteReader r;
        private final ValType[] locals;
        private final int[] localSlots;
        private final int frameSlots;

        private int[] types = new int[64];
        private int typeCount;
        private int slotHeight;
        private int maxSlotHeight;
        private Frame[] frames = new Frame[16];
        private int frameCount;

        private int[] code = new int[256];
        private int codeLength;
        private int[] instrPcs = new int[128];
        private int[] instrOffsets = new int[128];
        /** Operand stack height (slots above the locals) before each instruction: the JIT tier's static stack layout. */
        private int[] instrHeights = new int[128];
        private int heightAtOpStart;
        private int instrCount;
        private int opStart;
        /** Analysis mode: the Wasm offset at which to report the type stack, or -1. */
        int stopAt = -1;

        Lowering(int definedIndex) {
            this.funcIndex = module.importedFunctionCount() + definedIndex;
            this.type = module.functionType(funcIndex);
            this.body = module.bodies()[definedIndex];
            this.r = new ByteReader(module.bytes(), body.codeStart(), body.codeEnd());
            int declared = body.localCount();
            this.locals = new ValType[type.paramCount() + declared];
            int n = 0;
            for (int i = 0; i < type.paramCount(); i++) locals[n++] = type.param(i);
            for (int k = 0; k < body.localCounts().length; k++) {
                for (int c = 0; c < body.localCounts()[k]; c++) locals[n++] = body.localTypes()[k];
            }
            this.localSlots = new int[locals.length];
            int slot = 0;
            for (int i = 0; i < locals.length; i++) {
                localSlots[i] = slot;
                slot += locals[i].slots();
            }
            this.frameSlots = slot;
        }

        CompiledFunction run() {
            Frame f = pushFrame(KIND_FUNCTION, NONE, type.results());
            f.height = 0;
            f.slotHeight = 0;
            while (frameCount > 0) {
                if (r.atEnd()) throw malformed(r.pos(), "unexpected end of section or function");
                opStart = r.pos();
                heightAtOpStart = slotHeight;
                if (opStart == stopAt) {
                    ValType[] ts = new ValType[typeCount];
                    for (int i = 0; i < typeCount; i++) ts[i] = types[i] == UNKNOWN ? null : VALTYPES[types[i]];
                    throw new StopAt(ts);
                }
                instruction(r.u8());
            }
            if (!r.atEnd()) throw malformed(r.pos(), "section size mismatch");
            ValType[] declared = Arrays.copyOfRange(locals, type.paramCount(), locals.length);
            return new CompiledFunction(funcIndex, type, declared, maxSlotHeight, Arrays.copyOf(code, codeLength),
                    Arrays.copyOf(instrPcs, instrCount), Arrays.copyOf(instrOffsets, instrCount),
                    Arrays.copyOf(instrHeights, instrCount));
        }

        // ---- errors -------------------------------------------------------------------------

        private InvalidModuleException invalid(String reason) {
            return new InvalidModuleException(opStart, reason);
        }

        private MalformedModuleException malformed(int at, String reason) {
            return new MalformedModuleException(at, reason);
        }

        // ---- operand type stack -------------------------------------------------------------

        private Frame top() {
            return frames[frameCount - 1];
        }

        private void push(int t) {
            if (typeCount == types.length) types = Arrays.copyOf(types, typeCount * 2);
            types[typeCount++] = t;
            slotHeight += t == ValType.V128.ordinal() ? 2 : 1;
            if (slotHeight > maxSlotHeight) maxSlotHeight = slotHeight;
        }

        private void push(ValType t) {
            push(t.ordinal());
        }

        /** Pops any type (UNKNOWN from a polymorphic stack). */
        private int popAny() {
            Frame f = top();
            if (typeCount == f.height) {
                if (f.unreachable) return UNKNOWN;
                throw invalid("type mismatch");
            }
            int t = types[--typeCount];
            slotHeight -= t == ValType.V128.ordinal() ? 2 : 1;
            return t;
        }

        private int pop(int expected) {
            int t = popAny();
            if (t != UNKNOWN && expected != UNKNOWN && t != expected) throw invalid("type mismatch");
            return t == UNKNOWN ? expected : t;
        }

        private int pop(ValType expected) {
            return pop(expected.ordinal());
        }

        private void popAll(ValType[] ts) {
            for (int i = ts.length - 1; i >= 0; i--) pop(ts[i]);
        }

        /** Checks, as {@link #popAll} would, that the top of the stack holds {@code ts}, without popping. */
        private void checkTop(ValType[] ts) {
            Frame f = top();
            for (int i = ts.length - 1, k = typeCount - 1; i >= 0; i--, k--) {
                if (k < f.height) {
                    if (f.unreachable) return; // the polymorphic stack supplies the rest
                    throw invalid("type mismatch");
                }
                if (types[k] != UNKNOWN && types[k] != ts[i].ordinal()) throw invalid("type mismatch");
            }
        }

        private void pushAll(ValType[] ts) {
            for (ValType t : ts) push(t);
        }

        private void setUnreachable() {
            Frame f = top();
            typeCount = f.height;
            slotHeight = f.slotHeight;
            f.unreachable = true;
        }

        private boolean emitting() {
            Frame f = top();
            return !f.unreachable && !f.dead;
        }

        // ---- control stack ------------------------------------------------------------------

        private Frame pushFrame(int kind, ValType[] params, ValType[] results) {
            boolean dead = frameCount > 0 && (top().unreachable || top().dead);
            if (frameCount == frames.length) frames = Arrays.copyOf(frames, frameCount * 2);
            Frame f = new Frame();
            f.kind = kind;
            f.params = params;
            f.results = results;
            f.height = typeCount;
            f.slotHeight = slotHeight;
            f.dead = dead;
            frames[frameCount++] = f;
            pushAll(params);
            return f;
        }

        /** Checks the frame's results are exactly what is on the stack, and pops the frame. */
        private Frame popFrame() {
            Frame f = top();
            popAll(f.results);
            if (typeCount != f.height) throw invalid("type mismatch");
            frameCount--;
            return f;
        }

        private Frame label(int depth) {
            if (depth < 0 || depth >= frameCount) throw invalid("unknown label");
            return frames[frameCount - 1 - depth];
        }

        // ---- emission -----------------------------------------------------------------------

        private void emit(int v) {
            if (codeLength == code.length) code = Arrays.copyOf(code, codeLength * 2);
            code[codeLength++] = v;
        }

        /** Starts an internal instruction, recording where it came from in the Wasm bytes. */
        private void emitOp(int op) {
            if (instrCount == instrPcs.length) {
                instrPcs = Arrays.copyOf(instrPcs, instrCount * 2);
                instrOffsets = Arrays.copyOf(instrOffsets, instrCount * 2);
                instrHeights = Arrays.copyOf(instrHeights, instrCount * 2);
            }
            instrPcs[instrCount] = codeLength;
            instrOffsets[instrCount] = opStart;
            instrHeights[instrCount] = heightAtOpStart;
            instrCount++;
            emit(op);
        }

        private void emitTarget(Frame target) {
            if (target.kind == KIND_LOOP) {
                emit(target.loopPc);
            } else {
                target.addFixup(codeLength);
                emit(-1);
            }
        }

        /** Emits br or br_if to {@code target}; the stack (after popping a br_if condition) is as at the branch. */
        private void emitBranch(Frame target, boolean conditional) {
            if (target.kind == KIND_FUNCTION && !conditional) {
                emitOp(Op.RETURN);
                return;
            }
            int keep = ValType.slots(target.labelTypes());
            // Branches to the function label land on its final RETURN, which takes the results from the top.
            boolean adjust = target.kind != KIND_FUNCTION && slotHeight - keep != target.slotHeight;
            if (!adjust) {
                emitOp(conditional ? Op.BR_IF : Op.BR);
                emitTarget(target);
            } else {
                emitOp(conditional ? Op.BR_IF_ADJ : Op.BR_ADJ);
                emitTarget(target);
                emit(keep);
                emit(frameSlots + target.slotHeight);
            }
        }

        private void patch(Frame f, int targetPc) {
            for (int i = 0; i < f.fixupCount; i++) code[f.fixups[i]] = targetPc;
        }

        // ---- immediates ---------------------------------------------------------------------

        private ValType[][] blockType() {
            int b = r.peekU8();
            if (b == 0x40) {
                r.u8();
                return new ValType[][] {NONE, NONE};
            }
            ValType t = ValType.fromCode(b);
            if (t != null) {
                r.u8();
                return new ValType[][] {NONE, {t}};
            }
            int at = r.pos();
            long idx = r.s33();
            if (idx < 0) throw malformed(at, "malformed value type");
            if (idx >= module.types().length) throw invalid("unknown type");
            FuncType ft = module.types()[(int) idx];
            return new ValType[][] {ft.params(), ft.results()};
        }

        private int index() {
            return r.u32Int("integer too large");
        }

        private void requireMemory() {
            if (module.memoryCount() == 0) throw invalid("unknown memory 0");
        }

        /** Reads a memarg, checks alignment against {@code naturalLog2}, returns the offset. */
        private int memarg(int naturalLog2) {
            long align = r.u32();
            long offset = r.u32();
            requireMemory();
            if (align > naturalLog2) throw invalid("alignment must not be larger than natural");
            return (int) offset;
        }

        private void zeroByte() {
            int at = r.pos();
            if (r.u8() != 0) throw malformed(at, "zero byte expected");
        }

        private ValType refType() {
            int at = r.pos();
            int b = r.u8();
            if (b == 0x70) return ValType.FUNCREF;
            if (b == 0x6F) return ValType.EXTERNREF;
            throw malformed(at, "malformed reference type");
        }

        private ValType tableElem(int table) {
            if (table < 0 || table >= module.tableCount()) throw invalid("unknown table " + table);
            return module.tableType(table).elemType();
        }

        private void requireDataCount(int segment) {
            int count = module.dataCount() >= 0 ? module.dataCount() : module.data().length;
            if (segment >= count) throw invalid("unknown data segment " + segment);
            if (module.dataCount() < 0) throw malformed(opStart, "data count section required");
        }

        private void requireElem(int segment) {
            if (segment < 0 || segment >= module.elements().length) throw invalid("unknown elem segment " + segment);
        }

        // ---- instructions -------------------------------------------------------------------

        private void instruction(int op) {
            switch (op) {
                case 0x00 -> { // unreachable
                    if (emitting()) emitOp(Op.UNREACHABLE);
                    setUnreachable();
                }
                case 0x01 -> { } // nop: nothing to execute
                case 0x02, 0x03 -> { // block, loop
                    ValType[][] bt = blockType();
                    popAll(bt[0]);
                    Frame f = pushFrame(op == 0x02 ? KIND_BLOCK : KIND_LOOP, bt[0], bt[1]);
                    f.loopPc = codeLength;
                }
                case 0x04 -> { // if
                    ValType[][] bt = blockType();
                    pop(ValType.I32);
                    popAll(bt[0]);
                    boolean emit = emitting();
                    if (emit) {
                        emitOp(Op.BR_UNLESS);
                        emit(-1);
                    }
                    Frame f = pushFrame(KIND_IF, bt[0], bt[1]);
                    if (emit) f.elseFixup = codeLength - 1;
                }
                case 0x05 -> { // else
                    Frame f = top();
                    if (f.kind != KIND_IF) throw invalid("else without if");
                    popAll(f.results);
                    if (typeCount != f.height) throw invalid("type mismatch");
                    if (emitting()) {
                        emitOp(Op.BR);
                        emitTarget(f);
                    }
                    if (f.elseFixup >= 0) code[f.elseFixup] = codeLength;
                    f.elseFixup = -1;
                    f.kind = KIND_ELSE;
                    f.unreachable = false;
                    typeCount = f.height;
                    slotHeight = f.slotHeight;
                    pushAll(f.params);
                }
                case 0x0B -> end();
                case 0x0C -> { // br
                    Frame target = label(index());
                    popAll(target.labelTypes());
                    pushAll(target.labelTypes());
                    if (emitting()) emitBranch(target, false);
                    setUnreachable();
                }
                case 0x0D -> { // br_if
                    Frame target = label(index());
                    pop(ValType.I32);
                    popAll(target.labelTypes());
                    pushAll(target.labelTypes());
                    if (emitting()) emitBranch(target, true);
                }
                case 0x0E -> brTable();
                case 0x0F -> { // return
                    popAll(type.results());
                    if (emitting()) emitOp(Op.RETURN);
                    setUnreachable();
                }
                case 0x10 -> { // call
                    int fi = index();
                    if (fi >= module.functionCount()) throw invalid("unknown function " + fi);
                    FuncType ft = module.functionType(fi);
                    popAll(ft.params());
                    if (emitting()) {
                        emitOp(Op.CALL);
                        emit(fi);
                    }
                    pushAll(ft.results());
                }
                case 0x11 -> { // call_indirect
                    int ti = index();
                    int table = index();
                    if (ti >= module.types().length) throw invalid("unknown type");
                    if (tableElem(table) != ValType.FUNCREF) throw invalid("type mismatch");
                    FuncType ft = module.types()[ti];
                    pop(ValType.I32);
                    popAll(ft.params());
                    if (emitting()) {
                        emitOp(Op.CALL_INDIRECT);
                        emit(TypeIds.of(ft));
                        emit(table);
                    }
                    pushAll(ft.results());
                }
                case 0x1A -> { // drop
                    int t = popAny();
                    if (emitting()) emitOp(t == ValType.V128.ordinal() ? Op.DROP_V128 : Op.DROP);
                }
                case 0x1B -> { // select
                    pop(ValType.I32);
                    int t1 = popAny();
                    int t2 = popAny();
                    if ((t1 != UNKNOWN && VALTYPES[t1].isRef()) || (t2 != UNKNOWN && VALTYPES[t2].isRef())) {
                        throw invalid("type mismatch");
                    }
                    if (t1 != UNKNOWN && t2 != UNKNOWN && t1 != t2) throw invalid("type mismatch");
                    int t = t1 != UNKNOWN ? t1 : t2;
                    if (emitting()) emitOp(t == ValType.V128.ordinal() ? Op.SELECT_V128 : Op.SELECT);
                    push(t);
                }
                case 0x1C -> { // select t*
                    int n = index();
                    if (n != 1) throw invalid("invalid result arity");
                    int at = r.pos();
                    ValType t = ValType.fromCode(r.u8());
                    if (t == null) throw malformed(at, "malformed value type");
                    pop(ValType.I32);
                    pop(t);
                    pop(t);
                    if (emitting()) emitOp(t == ValType.V128 ? Op.SELECT_V128 : Op.SELECT);
                    push(t);
                }
                case 0x20, 0x21, 0x22 -> local(op);
                case 0x23 -> { // global.get
                    int gi = index();
                    if (gi >= module.globalCount()) throw invalid("unknown global " + gi);
                    ValType t = module.globalType(gi).type();
                    if (emitting()) {
                        emitOp(t == ValType.V128 ? Op.GLOBAL_GET_V128 : Op.GLOBAL_GET);
                        emit(gi);
                    }
                    push(t);
                }
                case 0x24 -> { // global.set
                    int gi = index();
                    if (gi >= module.globalCount()) throw invalid("unknown global " + gi);
                    GlobalType gt = module.globalType(gi);
                    if (!gt.mutable()) throw invalid("global is immutable");
                    pop(gt.type());
                    if (emitting()) {
                        emitOp(gt.type() == ValType.V128 ? Op.GLOBAL_SET_V128 : Op.GLOBAL_SET);
                        emit(gi);
                    }
                }
                case 0x25 -> { // table.get
                    int table = index();
                    ValType et = tableElem(table);
                    pop(ValType.I32);
                    if (emitting()) {
                        emitOp(Op.TABLE_GET);
                        emit(table);
                    }
                    push(et);
                }
                case 0x26 -> { // table.set
                    int table = index();
                    ValType et = tableElem(table);
                    pop(et);
                    pop(ValType.I32);
                    if (emitting()) {
                        emitOp(Op.TABLE_SET);
                        emit(table);
                    }
                }
                case 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x2D, 0x2E, 0x2F, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35,
                     0x36, 0x37, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E -> memoryAccess(OpcodeTable.of(op));
                case 0x3F -> { // memory.size
                    zeroByte();
                    requireMemory();
                    if (emitting()) emitOp(Op.MEMORY_SIZE);
                    push(ValType.I32);
                }
                case 0x40 -> { // memory.grow
                    zeroByte();
                    requireMemory();
                    pop(ValType.I32);
                    if (emitting()) emitOp(Op.MEMORY_GROW);
                    push(ValType.I32);
                }
                case 0x41 -> {
                    int v = r.s32();
                    if (emitting()) {
                        emitOp(Op.I32_CONST);
                        emit(v);
                    }
                    push(ValType.I32);
                }
                case 0x42 -> {
                    long v = r.s64();
                    if (emitting()) {
                        emitOp(Op.I64_CONST);
                        emit((int) v);
                        emit((int) (v >>> 32));
                    }
                    push(ValType.I64);
                }
                case 0x43 -> {
                    int v = r.f32Bits();
                    if (emitting()) {
                        emitOp(Op.F32_CONST);
                        emit(v);
                    }
                    push(ValType.F32);
                }
                case 0x44 -> {
                    long v = r.f64Bits();
                    if (emitting()) {
                        emitOp(Op.F64_CONST);
                        emit((int) v);
                        emit((int) (v >>> 32));
                    }
                    push(ValType.F64);
                }
                case 0xD0 -> { // ref.null
                    ValType t = refType();
                    if (emitting()) emitOp(Op.REF_NULL);
                    push(t);
                }
                case 0xD1 -> { // ref.is_null
                    int t = popAny();
                    if (t != UNKNOWN && !VALTYPES[t].isRef()) throw invalid("type mismatch");
                    if (emitting()) emitOp(Op.REF_IS_NULL);
                    push(ValType.I32);
                }
                case 0xD2 -> { // ref.func
                    int fi = index();
                    if (fi >= module.functionCount()) throw invalid("unknown function " + fi);
                    if (!declaredRefs.get(fi)) throw invalid("undeclared function reference");
                    if (emitting()) {
                        emitOp(Op.REF_FUNC);
                        emit(fi);
                    }
                    push(ValType.FUNCREF);
                }
                case 0xFC -> prefixFC();
                case 0xFD -> simd();
                default -> {
                    if (op >= 0x45 && op <= 0xC4) {
                        numeric(OpcodeTable.of(op));
                    } else {
                        throw malformed(opStart, "illegal opcode 0x" + Integer.toHexString(op));
                    }
                }
            }
        }

        /** A numeric instruction: its signature from the table; a reinterpretation changes no bits of a slot. */
        private void numeric(Opcode o) {
            popAll(o.pops());
            if (emitting()) emitOp(o.internal() ? o.code() : Op.NOP);
            pushAll(o.pushes());
        }

        private void end() {
            Frame f = top();
            if (f.kind == KIND_IF) {
                // An if without else behaves as if its else passed the parameters through.
                if (!Arrays.equals(f.params, f.results)) throw invalid("type mismatch");
            }
            popFrame();
            if (f.kind == KIND_FUNCTION) {
                patch(f, codeLength);
                emitOp(Op.RETURN);
                return;
            }
            int endPc = codeLength;
            if (f.elseFixup >= 0) code[f.elseFixup] = endPc;
            if (f.kind != KIND_LOOP) patch(f, endPc);
            pushAll(f.results);
        }

        private void brTable() {
            int n = r.u32Int("integer too large");
            if (n > r.remaining()) throw malformed(r.pos(), "unexpected end");
            int[] depths = new int[n + 1];
            for (int i = 0; i <= n; i++) depths[i] = index();
            pop(ValType.I32);
            Frame dflt = label(depths[n]);
            int arity = dflt.labelTypes().length;
            for (int i = 0; i <= n; i++) {
                Frame target = label(depths[i]);
                ValType[] lt = target.labelTypes();
                if (lt.length != arity) throw invalid("type mismatch");
                checkTop(lt); // each label must accept the values on the stack
            }
            popAll(dflt.labelTypes());
            if (emitting()) {
                emitOp(Op.BR_TABLE);
                emit(n);
                int keep = ValType.slots(dflt.labelTypes());
                for (int i = 0; i <= n; i++) {
                    Frame target = label(depths[i]);
                    emitTarget(target);
                    emit(keep);
                    emit(frameSlots + target.slotHeight);
                }
            }
            setUnreachable();
        }

        private void local(int op) {
            int li = r.u32Int("integer too large");
            if (li >= locals.length) throw invalid("unknown local " + li);
            ValType t = locals[li];
            boolean v128 = t == ValType.V128;
            switch (op) {
                case 0x20 -> {
                    if (emitting()) emitOp(v128 ? Op.LOCAL_GET_V128 : Op.LOCAL_GET);
                    push(t);
                }
                case 0x21 -> {
                    pop(t);
                    if (emitting()) emitOp(v128 ? Op.LOCAL_SET_V128 : Op.LOCAL_SET);
                }
                default -> {
                    pop(t);
                    if (emitting()) emitOp(v128 ? Op.LOCAL_TEE_V128 : Op.LOCAL_TEE);
                    push(t);
                }
            }
            if (emitting()) emit(localSlots[li]);
        }

        /** A load or store: alignment and types from the table; the internal code keeps the opcode and the offset. */
        private void memoryAccess(Opcode o) {
            int offset = memarg(o.alignLog2());
            popAll(o.pops());
            if (emitting()) {
                emitOp(o.code());
                emit(offset);
            }
            pushAll(o.pushes());
        }

        private void prefixFC() {
            int at = r.pos();
            long sub = r.u32();
            if (sub <= 7) {
                numeric(OpcodeTable.prefixFC(sub));
                return;
            }
            int op = Op.FC_BASE + (int) sub;
            Opcode row = OpcodeTable.prefixFC(sub); // null for an unknown sub-opcode: the default below rejects it
            switch ((int) sub) {
                case 8 -> { // memory.init
                    int seg = index();
                    zeroByte();
                    requireMemory();
                    requireDataCount(seg);
                    popAll(row.pops());
                    if (emitting()) {
                        emitOp(op);
                        emit(seg);
                    }
                }
                case 9 -> { // data.drop
                    int seg = index();
                    requireDataCount(seg);
                    if (emitting()) {
                        emitOp(op);
                        emit(seg);
                    }
                }
                case 10 -> { // memory.copy
                    zeroByte();
                    zeroByte();
                    requireMemory();
                    popAll(row.pops());
                    if (emitting()) emitOp(op);
                }
                case 11 -> { // memory.fill
                    zeroByte();
                    requireMemory();
                    popAll(row.pops());
                    if (emitting()) emitOp(op);
                }
                case 12 -> { // table.init elem table
                    int seg = index();
                    int table = index();
                    ValType et = tableElem(table);
                    requireElem(seg);
                    if (module.elements()[seg].elemType() != et) throw invalid("type mismatch");
                    popAll(row.pops());
                    if (emitting()) {
                        emitOp(op);
                        emit(seg);
                        emit(table);
                    }
                }
                case 13 -> { // elem.drop
                    int seg = index();
                    requireElem(seg);
                    if (emitting()) {
                        emitOp(op);
                        emit(seg);
                    }
                }
                case 14 -> { // table.copy dst src
                    int dst = index();
                    int src = index();
                    if (tableElem(dst) != tableElem(src)) throw invalid("type mismatch");
                    popAll(row.pops());
                    if (emitting()) {
                        emitOp(op);
                        emit(dst);
                        emit(src);
                    }
                }
                case 15 -> { // table.grow
                    int table = index();
                    ValType et = tableElem(table);
                    pop(ValType.I32);
                    pop(et);
                    if (emitting()) {
                        emitOp(op);
                        emit(table);
                    }
                    push(ValType.I32);
                }
                case 16 -> { // table.size
                    int table = index();
                    tableElem(table);
                    if (emitting()) {
                        emitOp(op);
                        emit(table);
                    }
                    push(ValType.I32);
                }
                case 17 -> { // table.fill
                    int table = index();
                    ValType et = tableElem(table);
                    pop(ValType.I32);
                    pop(et);
                    pop(ValType.I32);
                    if (emitting()) {
                        emitOp(op);
                        emit(table);
                    }
                }
                default -> throw malformed(at, "illegal opcode 0xfc " + sub);
            }
        }

        private void simd() {
            int at = r.pos();
            long sub = r.u32();
            SimdOp info = sub > Integer.MAX_VALUE ? null : SimdOps.info((int) sub);
            if (info == null) throw malformed(at, "illegal opcode 0xfd " + sub);
            int imm0 = 0, imm1 = 0, imm2 = 0, imm3 = 0;
            switch (info.imm()) {
                case NONE -> { }
                case MEMARG -> imm0 = memarg(info.maxAlignLog2());
                case MEMARG_LANE -> {
                    imm0 = memarg(info.maxAlignLog2());
                    imm1 = r.u8();
                    if (imm1 >= info.laneCount()) throw invalid("invalid lane index");
                }
                case LANE -> {
                    imm0 = r.u8();
                    if (imm0 >= info.laneCount()) throw invalid("invalid lane index");
                }
                case BYTES16 -> {
                    byte[] b = r.bytes(16);
                    if (info.isShuffle()) {
                        for (byte x : b) if ((x & 0xFF) >= 32) throw invalid("invalid lane index");
                    }
                    imm0 = le(b, 0);
                    imm1 = le(b, 4);
                    imm2 = le(b, 8);
                    imm3 = le(b, 12);
                }
            }
            ValType[] pops = info.pops();
            for (int i = pops.length - 1; i >= 0; i--) pop(pops[i]);
            if (emitting()) {
                emitOp(Op.SIMD);
                emit((int) sub);
                emit(imm0);
                emit(imm1);
                emit(imm2);
                emit(imm3);
            }
            pushAll(info.pushes());
        }

        private int le(byte[] b, int i) {
            return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
        }
    }
}
