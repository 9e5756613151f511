(module (func (i32.const 0_123_456_789) drop))
