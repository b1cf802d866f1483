module gotestmodule

go 1.19
