module failingtests

go 1.19
