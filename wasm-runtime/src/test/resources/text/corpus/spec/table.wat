(module (table 0 funcref))
