(module (func) (export "a" (func 0)))
