(module (memory 0) (func (drop (i32.load8_s align=1 (i32.const 0)))))
