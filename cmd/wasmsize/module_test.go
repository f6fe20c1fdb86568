package main

import (
	"slices"
	"testing"
)

// tinyModule is a wasm binary with one imported function, two defined ones
// (bodies of 2 and 4 bytes), a 4-byte data section and names for all three.
func tinyModule() []byte {
	b := []byte("\x00asm\x01\x00\x00\x00")
	section := func(id byte, body []byte) { b = append(append(b, id, byte(len(body))), body...) }
	str := func(s string) []byte { return append([]byte{byte(len(s))}, s...) }
	imports := []byte{1}
	imports = append(imports, str("go")...)
	imports = append(imports, str("debug")...)
	imports = append(imports, 0, 0) // a function of type 0
	section(2, imports)
	section(10, []byte{2, 2, 0, 0x0b, 4, 0, 1, 1, 0x0b})
	section(11, []byte{1, 2, 3, 4})
	names := []byte{3}
	for i, n := range []string{"runtime.imported", "github.com_a_h_templ.Raw", "fmt.Sprintf[go.shape.int]"} {
		names = append(names, byte(i))
		names = append(names, str(n)...)
	}
	custom := append(str("name"), 1, byte(len(names)))
	section(0, append(custom, names...))
	return b
}

func TestParseModule(t *testing.T) {
	m, err := parseModule(tinyModule())
	if err != nil {
		t.Fatal(err)
	}
	if m.imported != 1 || !slices.Equal(m.bodies, []int{2, 4}) || m.dataSize != 4 || m.codeSize() != 6 {
		t.Fatalf("module %+v", m)
	}
	got := m.sizesBy(packageOf)
	want := []row{{"fmt [generic]", 4}, {"github.com_a_h_templ", 2}}
	if !slices.Equal(got, want) {
		t.Fatalf("by package %v, want %v", got, want)
	}
}

func TestParseModuleRejects(t *testing.T) {
	good := tinyModule()
	for name, b := range map[string][]byte{
		"empty":     nil,
		"not wasm":  []byte("\x7fELF\x02\x01\x01\x00"),
		"truncated": good[:len(good)-3],
	} {
		if _, err := parseModule(b); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestPackageOf(t *testing.T) {
	for name, want := range map[string]string{
		"runtime.mallocgc":                          "runtime",
		"github.com_kafkalab_kafkalab_web.LiveLab":  "github.com_kafkalab_kafkalab_web",
		"github.com_a_h_templ.__cssProcessor_.Add":  "github.com_a_h_templ",
		"slices.pdqsortOrdered_go.shape.int_":       "slices [generic]",
		"type_.eq.github.com_kafkalab_kafkalab_x.T": "type (equality and hash functions)",
		"internal_strconv.fmtX":                     "internal_strconv",
		"wasm_export_run":                           "wasm_export_run",
		"main.__liveLab_.act":                       "main",
	} {
		if got := packageOf(name); got != want {
			t.Errorf("packageOf(%q) = %q, want %q", name, got, want)
		}
	}
}

// Any bytes give a module or an error, never a panic or a hang.
func FuzzParseModule(f *testing.F) {
	f.Add(tinyModule())
	f.Fuzz(func(t *testing.T, b []byte) {
		if m, err := parseModule(b); err == nil {
			m.sizesBy(packageOf)
		}
	})
}
