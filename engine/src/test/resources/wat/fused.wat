;; Each fused run whose last or middle instruction is a load, so a test can make that load trap
;; (MachineTest.trapsInsideFusedRunsMatchSingleStepping). Assembled with: wat2wasm fused.wat
(module
  (memory 1)
  ;; local.get; i32.const; i32.add; i32.load
  (func (export "q") (param $a i32) (result i32)
    (i32.load (i32.add (local.get $a) (i32.const 4))))
  ;; i32.const; i32.add; i32.load (after a mul, so the run starts at the const)
  (func (export "t") (param $a i32) (result i32)
    (i32.load (i32.add (i32.mul (local.get $a) (i32.const 1)) (i32.const 4))))
  ;; br_if (not taken); local.get; i32.load
  (func (export "b") (param $a i32) (result i32)
    (block $out
      (br_if $out (i32.eqz (i32.const 1)))
      (return (i32.load (local.get $a))))
    (i32.const 0))
  ;; local.get; i32.load; local.tee
  (func (export "e") (param $a i32) (result i32) (local $t i32)
    (local.tee $t (i32.load (local.get $a))))
  ;; local.get; i32.load (pair) and local.get; i32.const; i32.add; local.set (run of four)
  (func (export "s") (param $a i32) (result i32) (local $t i32)
    (local.set $t (i32.add (local.get $a) (i32.const 4)))
    (i32.load (local.get $t)))
  ;; i32.load; i32.const; i32.add; i32.store: the load or the store may trap
  (func (export "c") (param $a i32) (result i32)
    (i32.store (i32.add (local.get $a) (i32.const 8)) (i32.add (i32.load (local.get $a)) (i32.const 1)))
    (i32.const 7))
  ;; local.get; i32.const; i32.lt_u / i32.ne; br_if, both ways
  (func (export "l") (param $a i32) (result i32)
    (block $out
      (br_if $out (i32.lt_u (local.get $a) (i32.const 100)))
      (br_if $out (i32.ne (local.get $a) (i32.const 65536)))
      (return (i32.load (local.get $a))))
    (local.get $a))

  ;; local.get; i32.const; i32.add; i32.load8_u
  (func (export "u") (param $a i32) (result i32)
    (i32.load8_u (i32.add (local.get $a) (i32.const 2))))
  ;; local.tee; i32.ne; br_if, both ways, then a shift by a constant
  (func (export "n") (param $a i32) (result i32) (local $t i32)
    (block $out
      (br_if $out (i32.ne (local.get $a) (local.tee $t (i32.const 50))))
      (return (i32.shl (local.get $t) (i32.const 3))))
    (i32.load8_u (local.get $a)))
)
