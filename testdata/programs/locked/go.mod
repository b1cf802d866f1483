module locked

go 1.19
