// Package doesnotbuild has a type error on purpose: goroscope test must show the compiler's message for it.
package doesnotbuild

func Answer() int {
	return "forty-two"
}
