package main

import "strings"

// dumpWithTwin writes the debug=2 dump to path (NAME.debug2.txt) and, right after it, its debug=1 twin
// NAME.debug1.txt. (A file of its own, so that the line numbers of main.go, which the recorded dumps show, stay.)
func dumpWithTwin(path string) {
	dump(path, "goroutine", 2)
	dump(strings.Replace(path, ".debug2.", ".debug1.", 1), "goroutine", 1)
}
