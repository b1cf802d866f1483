module dumpsummary

go 1.19
