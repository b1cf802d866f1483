module goroscope/testdata/go-mutants

go 1.22
