module leakytests

go 1.19
