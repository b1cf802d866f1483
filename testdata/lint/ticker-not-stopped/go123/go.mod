module example.com/leaks/go123

go 1.23
