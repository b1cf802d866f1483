module hung

go 1.19
