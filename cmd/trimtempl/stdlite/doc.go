// Package stdlite holds the small stand-ins cmd/trimtempl writes into the
// wasm's trimmed modules in place of standard packages whose linking costs far
// more than the one function used: each file is copied as is (with its package
// clause changed) into the package its trim lists, and is tested here against
// the standard package it replaces.
//
// This file is not copied.
package stdlite
