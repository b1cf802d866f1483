module goroscope.dev/checker

go 1.27
