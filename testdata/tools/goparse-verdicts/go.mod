module goroscope/testdata/goparse-verdicts

go 1.19
