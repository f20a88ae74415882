;; trap.wat - an integer division by zero, three calls deep.
;;
;; No imports.  _start calls $average with a sum of 42 over an item count
;; that $count_items computes as 0, and $average's i32.div_u traps with
;; "integer divide by zero".  Call stack at the trap:
;;   _start -> $average -> $divide
;; The divisor comes from $count_items, whose loop finds no non-zero
;; entries in the (all-zero) memory: step back from the trap to see it.
(module
  (memory (export "memory") 1)

  ;; Counts the non-zero i32 entries in memory[0..64).
  (func $count_items (result i32)
    (local $i i32) (local $n i32)
    (block $done
      (loop $scan
        (br_if $done (i32.ge_u (local.get $i) (i32.const 64)))
        (if (i32.load (local.get $i))
          (then (local.set $n (i32.add (local.get $n) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $scan)))
    (local.get $n))

  (func $divide (param $a i32) (param $b i32) (result i32)
    (i32.div_u (local.get $a) (local.get $b)))

  (func $average (param $sum i32) (result i32)
    (call $divide (local.get $sum) (call $count_items)))

  (func $_start (export "_start")
    (drop (call $average (i32.const 42)))))
