(module
  (;comment(;nested(;further;)nested;)comment;)
)
