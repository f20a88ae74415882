(module
  (memory (export "memory") 1)
  (func $ratio (param $total i32) (result i32)
    local.get $total
    i32.const 0
    i32.load offset=3456
    i32.div_s)
  (func $fill
    i32.const 3452 i32.const 7 i32.store
    i32.const 3456 i32.const 3 i32.store
    i32.const 3456 i32.const 0 i32.store)
  (func (export "_start")
    call $fill
    i32.const 100
    call $ratio
    drop))
