module manyleaks

go 1.19
