// Package javaregex matches topic names against the regular expressions
// Kafka's command-line tools take (kafka-topics.sh --topic,
// kafka-get-offsets.sh --topic), with java.util.regex semantics and
// Pattern.matcher(name).matches()'s whole-string matching.
//
// It exists so that the browser build does not link Go's regexp (about 265 KB
// of code) for a handful of topic filters. It covers the subset learners use:
// literals, '.', greedy and reluctant '*', '+', '?', '{m}', '{m,}', '{m,n}',
// '|', groups '( )' and '(?: )', classes '[a-z]', '[^…]' with ranges and the
// escapes below, escapes '\.' (any non-alphanumeric character), '\d' '\D'
// '\w' '\W' '\s' '\S' '\t' '\n' '\r' '\f', and the anchors '^' and '$'.
//
// Syntax errors are reported as Java reports them, as a *SyntaxError whose
// message is PatternSyntaxException's ("Dangling meta character '*' near
// index 0", the pattern, a caret). Where the lab simplifies Java:
//   - Valid Java syntax outside the subset (possessive quantifiers, lookaround,
//     back references, inline flags, \p{…}, \Q…\E, \b, nested or intersected
//     classes, a leading ']' in a class) is refused with an "Unsupported …"
//     SyntaxError instead of being matched.
//   - A '{' where no quantifier can follow is "Illegal repetition", as for
//     "{abc}"; Java accepts a few odd forms such as "a{2}{3}".
//   - Counted repetitions are limited to 1000, as in Go's regexp.
//   - Characters are Unicode code points; Java matches UTF-16 units, which
//     only differs for characters outside the Basic Multilingual Plane, and
//     topic names are ASCII.
//
// Matching compiles the pattern to a small NFA program and searches it by
// backtracking with a visited set of (instruction, position) pairs, like
// Go's own backtracker: every pair is explored at most once, so a match
// costs at most len(program) × (len(input)+1) steps, with no exponential
// blow-up on patterns such as "(a*)*b", and the answer is exact.
package javaregex
