package checks

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/kafkalab/kafkalab/internal/urlquery"
)

// Args and ParseCheck carry a check from the server to the browser's wasm in
// an HTML attribute: its parameters as a URL query (topic=orders&partition=0).
// The check's Spec gives each parameter's type, so the text needs no type
// tags, and a query parser is small where a JSON decoder would cost the
// download (BENCHMARKS.md, wasm size). The wasm parses with
// internal/urlquery, net/url's parser without its GODEBUG lookup.

// Args returns the check's parameters as a URL query, keys sorted.
func (c Check) Args() string { return encodeArgs(c.Params) }

// Args returns the question's parameters as a URL query, keys sorted.
func (a Ask) Args() string { return encodeArgs(a.Params) }

func encodeArgs(p Params) string {
	q := urlquery.Values{}
	for k, v := range p {
		q.Set(k, fmt.Sprint(v))
	}
	return q.Encode()
}

// ParseCheck reads a check written by Args: the name, and its parameters
// as a URL query. It validates as New does; the error names the check and
// the parameter.
func ParseCheck(name, args string) (Check, error) {
	spec, ok := Lookup(name)
	if !ok {
		return Check{}, fmt.Errorf("unknown check %q", name)
	}
	raw, err := decodeArgs(name, spec.Params, args)
	if err != nil {
		return Check{}, err
	}
	return New(name, raw)
}

// ParseAsk reads a predict question written by Ask.Args.
func ParseAsk(name, args string) (Ask, error) {
	q, ok := LookupQuery(name)
	if !ok {
		return Ask{}, fmt.Errorf("unknown question %q", name)
	}
	raw, err := decodeArgs(name, q.Params, args)
	if err != nil {
		return Ask{}, err
	}
	return NewAsk(name, raw)
}

// decodeArgs turns the query into the values YAML would have given: string,
// int or bool by the parameter's kind.
func decodeArgs(what string, specs []Param, args string) (map[string]any, error) {
	q, err := urlquery.Parse(args)
	if err != nil {
		return nil, fmt.Errorf("%s: bad parameters %q: %v", what, args, err)
	}
	raw := map[string]any{}
	for k, vs := range q {
		if len(vs) != 1 {
			return nil, fmt.Errorf("%s: parameter %s is given %d times", what, k, len(vs))
		}
		v := vs[0]
		i := slices.IndexFunc(specs, func(s Param) bool { return s.Name == k })
		if i < 0 {
			raw[k] = v // New names the unknown parameter
			continue
		}
		switch specs[i].Kind {
		case Int:
			n, err := strconv.Atoi(v)
			if err != nil {
				return nil, fmt.Errorf("%s: parameter %s must be a whole number, got %q", what, k, v)
			}
			raw[k] = n
		case Bool:
			b, err := strconv.ParseBool(v)
			if err != nil {
				return nil, fmt.Errorf("%s: parameter %s must be true or false, got %q", what, k, v)
			}
			raw[k] = b
		default:
			raw[k] = v
		}
	}
	return raw, nil
}
