module leakzoo

go 1.19
