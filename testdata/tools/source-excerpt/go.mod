module goroscope/testdata/source-excerpt

go 1.19
