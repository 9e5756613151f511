;; A module asking for 1,024 pages (64 MiB) up front, to check the store's memory limit.
(module (memory (export "memory") 1024))
