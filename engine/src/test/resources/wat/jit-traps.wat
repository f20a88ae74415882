;; Traps of every kind in the middle of straight-line segments of translated code, each after a few
;; completed instructions whose effects (stack values, a store, a global) the trap must leave in place
;; (JitTierTest.trapsLeaveTheInterpretersState). Assembled with: wat2wasm jit-traps.wat
(module
  (type $ii (func (param i32) (result i32)))
  (memory 1 2)
  (table 2 funcref)
  (elem (i32.const 0) $twice)
  (global $g (mut i32) (i32.const 0))
  (func $twice (type $ii) (i32.mul (local.get 0) (i32.const 2)))
  ;; a / b with a store and a global write before it and a value below the operands
  (func (export "div") (param $a i32) (param $b i32) (result i32)
    (i32.store (i32.const 16) (local.get $a))
    (global.set $g (i32.add (global.get $g) (i32.const 1)))
    (i32.add (i32.const 1000) (i32.div_s (local.get $a) (local.get $b))))
  (func (export "rem_u") (param $a i32) (param $b i32) (result i32)
    (i32.add (i32.const 7) (i32.rem_u (local.get $a) (local.get $b))))
  (func (export "div64") (param $a i64) (param $b i64) (result i64)
    (i64.add (i64.const 3) (i64.div_s (local.get $a) (local.get $b))))
  ;; stores and loads at an address the caller chooses (out of bounds at 65533 and up)
  (func (export "store") (param $p i32) (result i32)
    (i32.store8 (i32.const 100) (i32.const 9))
    (i64.store (local.get $p) (i64.const 0x0102030405060708))
    (i32.const 1))
  (func (export "load") (param $p i32) (result i64)
    (i64.add (i64.const 5) (i64.load16_s offset=3 (local.get $p))))
  ;; float to int truncation traps through the interpreter's numeric routine
  (func (export "trunc") (param $x f32) (result i32)
    (i32.add (i32.const 2) (i32.trunc_f32_s (local.get $x))))
  (func (export "unreachable") (param $x i32) (result i32)
    (global.set $g (local.get $x))
    (if (i32.eq (local.get $x) (i32.const 3)) (then (drop (i32.const 5)) (unreachable)))
    (local.get $x))
  ;; call_indirect (left to the interpreter) with a bad index, after translated code
  (func (export "indirect") (param $i i32) (result i32)
    (i32.add (i32.const 1) (call_indirect (type $ii) (i32.const 21) (local.get $i))))
  ;; recursion until the call stack is exhausted, through translated calls
  (func $down (export "down") (param $n i32) (result i32)
    (i32.add (i32.const 1) (call $down (i32.add (local.get $n) (i32.const 1)))))
  ;; grow memory (left to the interpreter), then store into the new page from translated code
  (func (export "grow") (param $p i32) (result i32)
    (drop (memory.grow (i32.const 1)))
    (i32.store (local.get $p) (i32.const 42))
    (i32.load (local.get $p))))
