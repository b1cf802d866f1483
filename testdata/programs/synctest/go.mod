module synctestdump

go 1.25
