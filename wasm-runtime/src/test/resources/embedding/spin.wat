;; An endless loop, for the CLI's --fuel.
(module (func (export "spin") (loop $forever (br $forever))))
