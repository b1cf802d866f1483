module minutes

go 1.19
