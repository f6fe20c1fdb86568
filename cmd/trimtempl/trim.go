package main

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// unit is one package-level declaration: a function or method, or one spec
// (type, var, const) of a grouped declaration.
type unit struct {
	name    string // Name, or Recv.Method for methods
	recv    string // receiver base type, for methods
	decl    ast.Decl
	spec    ast.Spec // nil for functions
	refs    map[string]bool
	badRefs bool // names a forbidden import
	removed bool
}

// trimPackage removes from one package's files every package-level declaration
// that names a forbidden import, or (transitively) a removed declaration, or is
// a method of a removed type; applies the rewrites first; drops imports left
// unused. It returns the rewritten files and the sorted removed names.
// also names declarations to remove as though they named a forbidden import.
func trimPackage(src map[string][]byte, forbidden []string, rw []rewrite, also []string) (map[string][]byte, []string, error) {
	fset := token.NewFileSet()
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range src {
			if !yield(n) {
				return
			}
		}
	})
	files := map[string]*ast.File{}
	for _, n := range names {
		f, err := parser.ParseFile(fset, n, src[n], parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, nil, err
		}
		files[n] = f
	}

	// Rewrites.
	rewritten := map[string]bool{}
	for _, r := range rw {
		if _, err := parser.ParseExpr(r.to); err != nil {
			return nil, nil, fmt.Errorf("rewrite %s → %q: %w", r.from, r.to, err)
		}
		n := 0
		for _, name := range names {
			k, err := applyRewrite(files[name], r)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: rewrite %s → %s: %w; the module changed shape, review cmd/trimtempl's rewrites", name, r.from, r.to, err)
			}
			rewritten[name] = rewritten[name] || k > 0
			n += k
		}
		if n != r.want {
			return nil, nil, fmt.Errorf("rewrite %s → %s: found %d occurrences, expected %d; the module changed shape, review cmd/trimtempl's rewrites", r.from, r.to, n, r.want)
		}
	}

	// Units and what they name.
	var units []*unit
	byName := map[string][]*unit{}
	for _, name := range names {
		f := files[name]
		bad := forbiddenNames(f, forbidden)
		for _, d := range f.Decls {
			for _, u := range declUnits(d) {
				u.refs, u.badRefs = references(u, bad)
				u.badRefs = u.badRefs || slices.Contains(also, u.name)
				units = append(units, u)
				if u.name != "_" { // blank vars are never named
					byName[u.name] = append(byName[u.name], u)
				}
			}
		}
	}
	for _, a := range also {
		if len(byName[a]) == 0 {
			return nil, nil, fmt.Errorf("no declaration %s to remove; the module changed shape, review cmd/trimtempl's also list", a)
		}
	}

	// Remove to a fixed point.
	for changed := true; changed; {
		changed = false
		for _, u := range units {
			if u.removed {
				continue
			}
			remove := u.badRefs
			if u.recv != "" && removedName(byName, u.recv) {
				remove = true
			}
			for r := range u.refs {
				if remove {
					break
				}
				remove = removedName(byName, r)
			}
			if remove {
				u.removed, changed = true, true
			}
		}
	}
	var removed []string
	gone := map[ast.Node]bool{}
	for _, u := range units {
		if u.removed {
			removed = append(removed, u.name)
			if u.spec != nil {
				gone[u.spec] = true
			} else {
				gone[u.decl] = true
			}
		}
	}
	slices.Sort(removed)

	out := map[string][]byte{}
	for _, name := range names {
		f := files[name]
		var cut []posRange
		var decls []ast.Decl
		for _, d := range f.Decls {
			if gone[d] {
				cut = append(cut, declRange(d))
				continue
			}
			if g, ok := d.(*ast.GenDecl); ok && g.Tok != token.IMPORT {
				var specs []ast.Spec
				for _, s := range g.Specs {
					if gone[s] {
						cut = append(cut, specRange(s))
					} else {
						specs = append(specs, s)
					}
				}
				if len(specs) == 0 {
					cut = append(cut, declRange(d))
					continue
				}
				g.Specs = specs
			}
			decls = append(decls, d)
		}
		if len(cut) == 0 && !rewritten[name] {
			out[name] = src[name]
			continue
		}
		f.Decls = decls
		f.Comments = slices.DeleteFunc(f.Comments, func(c *ast.CommentGroup) bool {
			return slices.ContainsFunc(cut, func(r posRange) bool { return c.Pos() >= r.from && c.End() <= r.to })
		})
		dropUnusedImports(f)
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if slices.Contains(forbidden, p) {
				return nil, nil, fmt.Errorf("%s still imports %s after trimming", name, p)
			}
		}
		var b bytes.Buffer
		if err := format.Node(&b, fset, f); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", name, err)
		}
		out[name] = b.Bytes()
	}
	return out, removed, nil
}

func removedName(byName map[string][]*unit, name string) bool {
	for _, u := range byName[name] {
		if u.removed {
			return true
		}
	}
	return false
}

type posRange struct{ from, to token.Pos }

func declRange(d ast.Decl) posRange {
	r := posRange{d.Pos(), d.End()}
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Doc != nil {
			r.from = d.Doc.Pos()
		}
	case *ast.GenDecl:
		if d.Doc != nil {
			r.from = d.Doc.Pos()
		}
	}
	return r
}

func specRange(s ast.Spec) posRange {
	r := posRange{s.Pos(), s.End()}
	var doc, comment *ast.CommentGroup
	switch s := s.(type) {
	case *ast.TypeSpec:
		doc, comment = s.Doc, s.Comment
	case *ast.ValueSpec:
		doc, comment = s.Doc, s.Comment
	}
	if doc != nil {
		r.from = doc.Pos()
	}
	if comment != nil {
		r.to = comment.End()
	}
	return r
}

// declUnits splits a declaration into units; imports have none.
func declUnits(d ast.Decl) []*unit {
	switch d := d.(type) {
	case *ast.FuncDecl:
		u := &unit{name: d.Name.Name, decl: d}
		if d.Recv != nil && len(d.Recv.List) == 1 {
			u.recv = baseTypeName(d.Recv.List[0].Type)
			u.name = u.recv + "." + d.Name.Name
		}
		return []*unit{u}
	case *ast.GenDecl:
		if d.Tok == token.IMPORT {
			return nil
		}
		var us []*unit
		for _, s := range d.Specs {
			switch s := s.(type) {
			case *ast.TypeSpec:
				us = append(us, &unit{name: s.Name.Name, decl: d, spec: s})
			case *ast.ValueSpec:
				var ns []string
				for _, n := range s.Names {
					ns = append(ns, n.Name)
				}
				// A spec declaring several names goes as one; named by all.
				us = append(us, &unit{name: strings.Join(ns, ","), decl: d, spec: s})
			}
		}
		return us
	}
	return nil
}

func baseTypeName(e ast.Expr) string {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.IndexExpr:
			e = t.X
		case *ast.IndexListExpr:
			e = t.X
		case *ast.ParenExpr:
			e = t.X
		case *ast.Ident:
			return t.Name
		default:
			return ""
		}
	}
}

// forbiddenNames maps a file's local names of forbidden imports.
func forbiddenNames(f *ast.File, forbidden []string) map[string]bool {
	bad := map[string]bool{}
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		if !slices.Contains(forbidden, p) {
			continue
		}
		n := path.Base(p)
		if imp.Name != nil {
			n = imp.Name.Name
		}
		bad[n] = true
	}
	return bad
}

// references collects the identifiers a unit names (conservatively: any
// identifier that is not a selector's field, a declared field or method name,
// or the unit's own name) and whether it names a forbidden import's member.
func references(u *unit, bad map[string]bool) (map[string]bool, bool) {
	var root ast.Node = u.decl
	if u.spec != nil {
		root = u.spec
	}
	refs := map[string]bool{}
	badRef := false
	collect(root, refs, bad, &badRef)
	if u.recv == "" {
		for _, n := range strings.Split(u.name, ",") {
			delete(refs, n)
		}
	}
	return refs, badRef
}

func collect(root ast.Node, refs, bad map[string]bool, badRef *bool) {
	sub := func(n ast.Node) {
		if n != nil && !isNilNode(n) {
			collect(n, refs, bad, badRef)
		}
	}
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if x, ok := n.X.(*ast.Ident); ok && bad[x.Name] {
				*badRef = true
			}
			sub(n.X) // not n.Sel: a field or method name
			return false
		case *ast.Field:
			sub(n.Type) // not the field's or method's names
			return false
		case *ast.FuncDecl:
			sub(n.Recv)
			sub(n.Type)
			sub(n.Body)
			return false
		case *ast.TypeSpec:
			sub(n.TypeParams)
			sub(n.Type)
			return false
		case *ast.ValueSpec:
			sub(n.Type)
			for _, v := range n.Values {
				sub(v)
			}
			return false
		case *ast.Ident:
			if n.Name != "_" {
				refs[n.Name] = true
			}
		}
		return true
	})
}

func isNilNode(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.FieldList:
		return n == nil
	case *ast.BlockStmt:
		return n == nil
	case *ast.FuncType:
		return n == nil
	case ast.Expr:
		return n == nil
	}
	return false
}

// applyRewrite replaces the qualified name r.from by r.to as the type of a type
// assertion, field or var, as the value of a var or an assignment, or as the
// function called; it returns how many it replaced. Any other use is left to
// the trim, which removes the declaration (and the expected list then fails
// loudly). A call rewritten under r.args must pass one string literal that
// r.args lists.
func applyRewrite(f *ast.File, r rewrite) (int, error) {
	imp, name, _ := cutLast(r.from, ".")
	local := ""
	for _, s := range f.Imports {
		if p, _ := strconv.Unquote(s.Path.Value); p == imp {
			local = path.Base(p)
			if s.Name != nil {
				local = s.Name.Name
			}
		}
	}
	if local == "" {
		return 0, nil
	}
	is := func(e ast.Expr) bool {
		sel, ok := e.(*ast.SelectorExpr)
		if !ok {
			return false
		}
		x, ok := sel.X.(*ast.Ident)
		return ok && x.Name == local && sel.Sel.Name == name
	}
	// A fresh copy per occurrence, placed where the replaced name was so that
	// the printer keeps the line's layout and trailing comment.
	to := func(at ast.Expr) ast.Expr {
		e, _ := parser.ParseExpr(r.to) // checked by trimPackage
		placeAt(e, at.Pos())
		return e
	}
	n := 0
	var err error
	ast.Inspect(f, func(node ast.Node) bool {
		switch node := node.(type) {
		case *ast.TypeAssertExpr:
			if is(node.Type) {
				node.Type, n = to(node.Type), n+1
			}
		case *ast.Field:
			if is(node.Type) {
				node.Type, n = to(node.Type), n+1
			}
		case *ast.ValueSpec:
			if node.Type != nil && is(node.Type) {
				node.Type, n = to(node.Type), n+1
			}
			for i, v := range node.Values {
				if is(v) {
					node.Values[i], n = to(v), n+1
				}
			}
		case *ast.CallExpr:
			if is(node.Fun) {
				if r.args != nil && err == nil {
					err = literalArgIn(node, r.args)
				}
				node.Fun, n = to(node.Fun), n+1
			}
		case *ast.AssignStmt:
			for i, v := range node.Rhs {
				if is(v) {
					node.Rhs[i], n = to(v), n+1
				}
			}
		}
		return true
	})
	return n, err
}

// literalArgIn checks that a call passes one string literal from allowed.
func literalArgIn(call *ast.CallExpr, allowed []string) error {
	if len(call.Args) == 1 {
		if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
			v, err := strconv.Unquote(lit.Value)
			if err == nil && slices.Contains(allowed, v) {
				return nil
			}
			return fmt.Errorf("argument %s is not one the replacement knows", lit.Value)
		}
	}
	return errors.New("the call's argument is not one string literal")
}

// placeAt moves every position in a parsed expression to pos.
func placeAt(e ast.Expr, pos token.Pos) {
	posType := reflect.TypeFor[token.Pos]()
	ast.Inspect(e, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		v := reflect.ValueOf(n).Elem()
		for i := range v.NumField() {
			if f := v.Field(i); f.Type() == posType && f.Int() != 0 {
				f.SetInt(int64(pos))
			}
		}
		return true
	})
}

func cutLast(s, sep string) (string, string, bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

// dropUnusedImports removes imports no selector names any more (blank and dot
// imports stay).
func dropUnusedImports(f *ast.File) {
	used := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if x, ok := sel.X.(*ast.Ident); ok {
				used[x.Name] = true
			}
		}
		return true
	})
	keep := func(s *ast.ImportSpec) bool {
		p, _ := strconv.Unquote(s.Path.Value)
		n := path.Base(p)
		if s.Name != nil {
			n = s.Name.Name
		}
		return n == "_" || n == "." || used[n]
	}
	f.Imports = slices.DeleteFunc(f.Imports, func(s *ast.ImportSpec) bool { return !keep(s) })
	var decls []ast.Decl
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.IMPORT {
			decls = append(decls, d)
			continue
		}
		g.Specs = slices.DeleteFunc(g.Specs, func(s ast.Spec) bool { return !keep(s.(*ast.ImportSpec)) })
		if len(g.Specs) > 0 {
			decls = append(decls, d)
		}
	}
	f.Decls = decls
}
