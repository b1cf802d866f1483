module tracepool

go 1.19
