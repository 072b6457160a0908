package config

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// maxNodes bounds the walk: aliases can make a small file expand without
// limit ("billion laughs"), and a config never needs this many values.
const maxNodes = 100_000

// maxDepth bounds nesting; the schema's deepest field is 5 levels down.
const maxDepth = 32

var durationType = reflect.TypeFor[Duration]()

// decoder walks a yaml.Node tree against the Go types, writing values into
// them. Unlike yaml.v3's KnownFields, it keeps going after a problem, so one run
// reports every unknown key and wrong type with its line.
type decoder struct {
	file  string
	lines map[string]int // field path -> line of its key (or item)
	probs Problems
	nodes int
	depth int
}

// defaulter is implemented by list elements whose zero value is not their
// default; the decoder fills defaults before decoding over them, so a key the
// user wrote (even "0") always wins.
type defaulter interface{ setDefaults() }

func (d *decoder) problem(line int, path, format string, args ...any) {
	d.probs = append(d.probs, Problem{File: d.file, Line: line, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// value decodes n into v, which must be settable.
func (d *decoder) value(n *yaml.Node, v reflect.Value, path string) {
	if n = d.resolve(n, path); n == nil || isNull(n) {
		return // keep the default
	}
	// The schema is a few levels deep; only an alias that contains itself
	// goes deeper, and the node budget alone would allow a huge stack first.
	if d.depth >= maxDepth {
		d.problem(n.Line, path, "nested too deeply (an alias that contains itself?)")
		return
	}
	d.depth++
	defer func() { d.depth-- }()
	switch {
	case v.Type() == durationType:
		d.duration(n, v, path)
	case v.Kind() == reflect.Struct:
		d.structure(n, v, path)
	case v.Kind() == reflect.Pointer:
		elem := reflect.New(v.Type().Elem())
		setDefaults(elem)
		before := len(d.probs)
		d.value(n, elem.Elem(), path)
		if len(d.probs) == before || v.IsNil() {
			v.Set(elem) // a bad value must not replace a default like respect_robots: true
		}
	case v.Kind() == reflect.Slice:
		d.slice(n, v, path)
	case v.Kind() == reflect.Map:
		d.mapping(n, v, path)
	default:
		d.scalar(n, v, path)
	}
}

// resolve follows aliases and counts nodes; it returns nil when the budget
// is spent. A resolved alias keeps the alias's line: problems with the value
// are reported where it is used, not where the anchor is.
func (d *decoder) resolve(n *yaml.Node, path string) *yaml.Node {
	if n != nil && n.Kind == yaml.AliasNode {
		line := n.Line
		// yaml.v3 never makes an alias of an alias; the bound is for safety.
		for hops := 0; n != nil && n.Kind == yaml.AliasNode && hops < 8; hops++ {
			n = n.Alias
		}
		if n == nil || n.Kind == yaml.AliasNode {
			return nil
		}
		cp := *n
		cp.Line = line
		n = &cp
	}
	d.nodes++
	if d.nodes == maxNodes {
		d.problem(n.Line, path, "the file expands to more than %d values (aliases?): simplify it", maxNodes)
	}
	if d.nodes >= maxNodes {
		return nil
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

func setDefaults(ptr reflect.Value) {
	if df, ok := ptr.Interface().(defaulter); ok {
		df.setDefaults()
	}
}

func (d *decoder) structure(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.problem(n.Line, path, "expected a mapping (indented key: value lines), got %s", describe(n))
		return
	}
	fields := yamlFields(v.Type())
	seen := map[string]int{}
	d.pairs(n, path, func(key, val *yaml.Node) {
		name := key.Value
		if path == "" && strings.HasPrefix(name, "x-") {
			return // extension keys hold anchors for reuse, as in Compose files
		}
		child := joinPath(path, name)
		if prev, dup := seen[name]; dup {
			d.problem(key.Line, child, "%q is already set on line %d: remove one of them", name, prev)
			return
		}
		seen[name] = key.Line
		idx, ok := fields[name]
		if !ok {
			d.unknownKey(key, child, fields)
			return
		}
		if !isNull(val) { // "key:" with nothing keeps the default, as if left out
			d.lines[child] = key.Line
		}
		d.value(val, v.Field(idx), child)
	})
}

// pairs calls fn for each key/value of a mapping, expanding "<<" merge keys
// as YAML specifies: keys written beside a merge override it, and among
// merged mappings the first to set a key wins. Only written keys can clash.
func (d *decoder) pairs(n *yaml.Node, path string, fn func(key, val *yaml.Node)) {
	isMerge := func(k *yaml.Node) bool { return k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" }
	written := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; k.Kind == yaml.ScalarNode && !isMerge(k) {
			written[k.Value] = true
		}
	}
	merged := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if isMerge(n.Content[i]) {
			d.merge(n.Content[i+1], path, func(key, val *yaml.Node) {
				if !written[key.Value] && !merged[key.Value] {
					merged[key.Value] = true
					fn(key, val)
				}
			})
		}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		switch {
		case isMerge(key):
		case key.Kind != yaml.ScalarNode:
			d.problem(key.Line, path, "keys must be plain words, got %s", describe(key))
		default:
			fn(key, val)
		}
	}
}

func (d *decoder) merge(val *yaml.Node, path string, fn func(key, val *yaml.Node)) {
	if val = d.resolve(val, path); val == nil {
		return
	}
	if d.depth >= maxDepth {
		d.problem(val.Line, path, "merges nested too deeply (a << that merges itself?)")
		return
	}
	d.depth++
	defer func() { d.depth-- }()
	switch val.Kind {
	case yaml.MappingNode:
		d.pairs(val, path, fn)
	case yaml.SequenceNode:
		for _, m := range val.Content {
			d.merge(m, path, fn)
		}
	default:
		d.problem(val.Line, path, "<< must merge a mapping, got %s", describe(val))
	}
}

func (d *decoder) slice(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.SequenceNode {
		d.problem(n.Line, path, "expected a list (lines starting with -), got %s", describe(n))
		return
	}
	out := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, item := range n.Content {
		child := fmt.Sprintf("%s[%d]", path, i)
		d.lines[child] = item.Line
		setDefaults(out.Index(i).Addr())
		d.value(item, out.Index(i), child)
	}
	v.Set(out)
}

func (d *decoder) mapping(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.problem(n.Line, path, "expected a mapping (indented key: value lines), got %s", describe(n))
		return
	}
	if v.IsNil() {
		v.Set(reflect.MakeMap(v.Type()))
	}
	seen := map[string]int{}
	d.pairs(n, path, func(key, val *yaml.Node) {
		child := joinPath(path, key.Value)
		if prev, dup := seen[key.Value]; dup {
			d.problem(key.Line, child, "%q is already set on line %d: remove one of them", key.Value, prev)
			return
		}
		seen[key.Value] = key.Line
		d.lines[child] = key.Line
		elem := reflect.New(v.Type().Elem()).Elem()
		d.value(val, elem, child)
		v.SetMapIndex(reflect.ValueOf(key.Value).Convert(v.Type().Key()), elem)
	})
}

func (d *decoder) scalar(n *yaml.Node, v reflect.Value, path string) {
	want := typeName(v.Type())
	if n.Kind != yaml.ScalarNode {
		d.problem(n.Line, path, "expected %s, got %s", want, describe(n))
		return
	}
	tmp := reflect.New(v.Type())
	if err := n.Decode(tmp.Interface()); err != nil {
		d.problem(n.Line, path, "expected %s, got %s", want, strconv.Quote(n.Value))
		return
	}
	v.Set(tmp.Elem())
}

func (d *decoder) duration(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.ScalarNode {
		d.problem(n.Line, path, "expected a duration like 90s, 15m, 2h or 7d, got %s", describe(n))
		return
	}
	dur, err := parseDuration(n.Value)
	if err != nil {
		d.problem(n.Line, path, "%v", err)
		return
	}
	v.SetInt(int64(dur))
}

// unknownKey reports a key the type does not have, pointing secrets at their
// *_env field and typos at the nearest real key.
func (d *decoder) unknownKey(key *yaml.Node, path string, fields map[string]int) {
	if _, ok := fields[key.Value+"_env"]; ok {
		d.problem(key.Line, path, "secrets are not read from the file: remove %q, put the value in an environment variable and name that variable with %s_env", key.Value, key.Value)
		return
	}
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	if hint := didYouMean(key.Value, names); hint != "" {
		d.problem(key.Line, path, "unknown key %q%s", key.Value, hint)
		return
	}
	slices.Sort(names)
	d.problem(key.Line, path, "unknown key %q; valid keys here: %s", key.Value, strings.Join(names, ", "))
}

// yamlFields maps yaml key -> field index for the exported, tagged fields of t.
func yamlFields(t reflect.Type) map[string]int {
	out := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if !f.IsExported() || name == "-" || name == "" {
			continue
		}
		out[name] = i
	}
	return out
}

func joinPath(parent, child string) string {
	if parent == "" {
		return child
	}
	return parent + "." + child
}

// describe names what a node is, for "expected X, got Y" messages.
func describe(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode {
		return strconv.Quote(n.Value)
	}
	return "a " + kindName(n)
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.AliasNode:
		return "alias"
	default:
		return "value"
	}
}

func typeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	default:
		return "a " + t.Kind().String()
	}
}
