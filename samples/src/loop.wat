;; loop.wat - never terminates; the sample for the "pause" button.
;;
;; No imports, so it runs on a bare engine.  _start spins forever; every
;; iteration bumps the exported global $counter and stores it into memory
;; at address 0 (little-endian i64), and every 1024th iteration calls
;; $tick, which counts at address 8.  Whenever execution is at the top of
;; the loop: mem[0..8) == $counter and mem[8..12) == $counter / 1024
;; (rounded down), which is easy to check after a pause or a seek.
(module
  (memory (export "memory") 1)
  (global $counter (export "counter") (mut i64) (i64.const 0))

  (func $tick
    (i32.store (i32.const 8)
      (i32.add (i32.load (i32.const 8)) (i32.const 1))))

  (func $_start (export "_start")
    (loop $forever
      (global.set $counter (i64.add (global.get $counter) (i64.const 1)))
      (i64.store (i32.const 0) (global.get $counter))
      ;; every 1024 iterations: one call, so stepping shows a call too
      (if (i64.eqz (i64.and (global.get $counter) (i64.const 1023)))
        (then (call $tick)))
      (br $forever))))
