module pproffleet

go 1.19
