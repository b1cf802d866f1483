module goroscope/testdata/goparse-bench

go 1.22
