module traceleak

go 1.19
