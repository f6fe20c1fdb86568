package tools

import (
	"math"
	"strconv"
	"strings"
)

// javaFixed formats x as java.util.Formatter's %.<prec>f does: Java rounds
// the shortest decimal form of the double half-up (FormattedFloatingDecimal),
// where strconv rounds the exact binary value half-to-even, so 2.675 is
// "2.68" in Java and "2.67" in Go. NaN and the infinities print as Java
// prints them.
func javaFixed(x float64, prec int) string {
	switch {
	case math.IsNaN(x):
		return "NaN"
	case math.IsInf(x, 1):
		return "Infinity"
	case math.IsInf(x, -1):
		return "-Infinity"
	}
	neg := math.Signbit(x)
	// The shortest digits: d.ddddde±XX.
	s := strconv.FormatFloat(math.Abs(x), 'e', -1, 64)
	mant, expStr, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(expStr)
	digits := []byte(strings.Replace(mant, ".", "", 1))
	point := exp + 1 // digits[:point] are the integer part
	// Pad so that the integer part and prec decimals exist.
	for point <= 0 {
		digits = append([]byte{'0'}, digits...)
		point++
	}
	for len(digits) < point+prec+1 {
		digits = append(digits, '0')
	}
	// Round half-up at prec decimals.
	keep := point + prec
	if digits[keep] >= '5' {
		i := keep - 1
		for ; i >= 0; i-- {
			if digits[i] == '9' {
				digits[i] = '0'
				continue
			}
			digits[i]++
			break
		}
		if i < 0 {
			digits = append([]byte{'1'}, digits...)
			point++
			keep++
		}
	}
	digits = digits[:keep]
	out := strings.TrimLeft(string(digits[:point]), "0")
	if out == "" {
		out = "0"
	}
	if prec > 0 {
		out += "." + string(digits[point:])
	}
	if neg && strings.Trim(out, "0.") != "" {
		out = "-" + out
	}
	return out
}
