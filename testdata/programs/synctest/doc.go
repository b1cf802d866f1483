// Package synctestdump holds a test that writes a debug=2 goroutine dump from inside
// a testing/synctest bubble (Go 1.25+), where goroutines are durably blocked:
// their headers say "(durable)" and ", synctest bubble N".
//
// Run: go test -c -o synctest.test && DUMP_OUT=FILE ./synctest.test -test.run TestDumpInBubble
package synctestdump
