;; A loop around a call that translated code always hands to the machine, which declines to run
;; it as a JVM call: $probe starts with memory.size, an instruction the JIT tier leaves to the
;; interpreter, so $probe has no translated entry. After each call, the caller comes back at the
;; instruction after the call, none of its translated methods' entries (JitCallsTest).
(module
  (memory 1)
  (func $probe (param $x i32) (result i32)
    memory.size
    local.get $x
    i32.add)
  (func (export "loop") (param $n i32) (result i32)
    (local $i i32) (local $a i32) (local $b i32) (local $c i32)
    (local.set $a (i32.const 1))
    (loop $l
      ;; the call first, then the rest of the body
      (local.set $c (call $probe (local.get $i)))
      (local.set $a (i32.add (i32.mul (local.get $a) (i32.const 31)) (local.get $c)))
      (local.set $b (i32.xor (local.get $b) (i32.rotl (local.get $a) (i32.const 7))))
      (local.set $a (i32.add (local.get $a) (i32.shr_u (local.get $b) (i32.const 3))))
      (local.set $b (i32.add (local.get $b) (i32.mul (local.get $a) (i32.const 17))))
      (local.set $a (i32.xor (local.get $a) (i32.rotl (local.get $b) (i32.const 11))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (i32.xor (local.get $a) (local.get $b))))
