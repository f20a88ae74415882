;; Memory growth: a page at a time, until refused, and accesses at the edge of the size
;; (the backing array may be larger than the memory: accesses past the size must still trap).
(module
  (memory (export "memory") 1)
  ;; Grows $n pages one at a time, writing each new page's number into its first word; returns the size.
  (func (export "grow") (param $n i32) (result i32)
    (local $old i32)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $old (memory.grow (i32.const 1)))
        (br_if $done (i32.eq (local.get $old) (i32.const -1)))
        (i32.store (i32.shl (local.get $old) (i32.const 16)) (local.get $old))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l)))
    (memory.size))
  ;; Grows a page at a time until memory.grow returns -1; returns how many pages it got.
  (func (export "grow_until_refused") (result i32)
    (local $got i32)
    (block $done
      (loop $l
        (br_if $done (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
        (local.set $got (i32.add (local.get $got) (i32.const 1)))
        (br $l)))
    (local.get $got))
  ;; The first word of every page must be its page number (as "grow" wrote; page 0 holds 0): returns
  ;; the number of pages that do not.
  (func (export "check_pages") (result i32)
    (local $p i32) (local $bad i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $p) (memory.size)))
        (if (i32.ne (i32.load (i32.shl (local.get $p) (i32.const 16))) (local.get $p))
          (then (local.set $bad (i32.add (local.get $bad) (i32.const 1)))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $l)))
    (local.get $bad))
  (func (export "load") (param $a i32) (result i32) (i32.load (local.get $a)))
  (func (export "load8") (param $a i32) (result i32) (i32.load8_u (local.get $a)))
  (func (export "load64") (param $a i32) (result i64) (i64.load (local.get $a)))
  (func (export "store") (param $a i32) (param $v i32) (i32.store (local.get $a) (local.get $v)))
  (func (export "store8") (param $a i32) (param $v i32) (i32.store8 (local.get $a) (local.get $v)))
  (func (export "fill") (param $a i32) (param $n i32) (memory.fill (local.get $a) (i32.const 7) (local.get $n)))
  (func (export "copy") (param $d i32) (param $s i32) (param $n i32) (memory.copy (local.get $d) (local.get $s) (local.get $n)))
  (func (export "load128") (param $a i32) (result i32) (i32x4.extract_lane 0 (v128.load (local.get $a)))))
