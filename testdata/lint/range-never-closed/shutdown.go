package rangeclosed

// The audits channel is closed in this other file of the package: the range above ends.
func shutdownAudits() { close(audits) }
