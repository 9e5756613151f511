(module (memory 1) (func (drop (v128.load align=1 (i32.const 0)))))
