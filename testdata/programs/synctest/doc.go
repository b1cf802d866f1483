// Package synctestdump holds a test that writes a debug=2 goroutine dump from inside
// a testing/synctest bubble (Go 1.25+), where goroutines are durably blocked:
// their headers say "(durable)" and ", synctest bubble N".
//
// Run: go test -c -o synctest.test && DUMP_OUT=FILE [DUMP_OUT1=FILE1] ./synctest.test -test.run TestDumpInBubble
// (DUMP_OUT1: also its debug=1 twin, written at the same moment)
package synctestdump
