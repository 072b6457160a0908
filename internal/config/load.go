package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Load reads the config file at path and parses it with Parse. env looks up
// environment variables (os.Getenv in production, a map in tests).
func Load(path string, env func(string) string) (*Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	defer f.Close()
	// Read one byte past the limit so an oversized file is refused, not truncated.
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read config %s: %w", path, err)
	}
	return Parse(path, data, env)
}

// Parse builds a Config from YAML in fixed steps: defaults, strict decode,
// derived defaults, secrets from env (nil means an empty environment), then
// validation. file names the source in messages.
//
// Every problem is found in one pass. Errors come back as Problems (matching
// ErrInvalid), in file order, together with the config as far as it could be
// decoded so `earshot check` can run further checks on it; nothing may run
// from such a config. Warnings never fail a load: they are in Config.Warnings
// whether or not there are errors (the error does not repeat them). YAML
// syntax errors come with a nil Config, as do errors other than Problems
// (file too large).
func Parse(file string, data []byte, env func(string) string) (*Config, error) {
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("parse config %s: %w (over %d bytes)", file, ErrTooLarge, MaxFileSize)
	}
	if env == nil {
		env = func(string) string { return "" }
	}
	c := Default()
	c.File = file
	d := &decoder{file: file, lines: map[string]int{}}
	root := d.parse(data)
	if len(d.probs) > 0 {
		// Past a syntax error the tree is partial: checking it would only
		// add problems that are not really there.
		return nil, d.probs.Sorted().capped(file)
	}
	if root != nil {
		d.value(root, reflect.ValueOf(&c).Elem(), "")
	}
	c.lines = d.lines
	c.fillDerived()
	c.readSecrets(env)
	probs := append(d.probs, c.validate(env, d.probs)...).Sorted()
	c.Warnings = probs.Warnings().capped(file)
	if errs := probs.Errors(); len(errs) > 0 {
		return &c, errs.capped(file)
	}
	return &c, nil
}

// parse reads the one YAML document in data; syntax errors become problems.
func (d *decoder) parse(data []byte) (root *yaml.Node) {
	// yaml.v3 is well fuzzed, but a config loader must never crash the
	// process on bad input, so a parser panic becomes a problem too.
	defer func() {
		if r := recover(); r != nil {
			d.problem(0, "", "cannot parse YAML: %v", r)
			root = nil
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if !errors.Is(err, io.EOF) {
			d.syntax(err, data)
		}
		return nil
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		d.problem(next.Line, "", "only one YAML document is allowed per file: remove the --- separator and what follows, or merge it into the first")
	case !errors.Is(err, io.EOF):
		d.syntax(err, data)
	}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		return doc.Content[0]
	}
	return nil
}

var yamlLineErr = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntax turns a yaml.v3 error ("yaml: line 3: did not find expected key")
// into a problem on that line.
func (d *decoder) syntax(err error, src []byte) {
	msg := err.Error()
	if m := yamlLineErr.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		// yaml.v3 names the line where the enclosing block starts, which
		// can be well above the mistake: look for the mistake itself.
		if tab := tabIndentedFrom(src, line); tab > 0 && (tab == line || strings.Contains(m[2], "tab")) {
			d.problem(tab, "", "YAML syntax: line %d is indented with a tab: YAML indents with spaces only", tab)
			return
		}
		if q, key := quotedPrefixFrom(src, line); q > 0 && strings.Contains(m[2], "did not find expected") {
			d.problem(q, "", "YAML syntax: the value of %s starts with a quoted part and goes on after it: quote it whole, like %s: '\"acme\" OR \"acme corp\"'", key, key)
			return
		}
		d.problem(line, "", "YAML syntax: %s%s", m[2], syntaxHint(m[2]))
		return
	}
	d.problem(0, "", "YAML syntax: %s", strings.TrimPrefix(msg, "yaml: "))
}

// syntaxHint explains the commonest cause of two cryptic yaml.v3 messages:
// an unquoted cron schedule ("*/15 * * * *" reads as an alias, "@hourly" as a
// reserved character).
func syntaxHint(msg string) string {
	if strings.Contains(msg, "alphabetic or numeric character") || strings.Contains(msg, "cannot start any token") {
		return ` (a value starting with *, @, & or ! must be quoted, like schedule: "*/15 * * * *")`
	}
	return ""
}

// Line returns the line of the YAML key (or list item) at a field path like
// "brands[1].query". For a field the file left out it returns the line of the
// nearest ancestor that is written, and 0 when there is none, so other
// packages can report FILE:LINE for problems they find in the config.
func (c *Config) Line(path string) int {
	for path != "" {
		if line, ok := c.lines[path]; ok {
			return line
		}
		path = parentPath(path)
	}
	return 0
}

// ProblemAt builds an error Problem located at a field path, for packages that
// check parts of a loaded config themselves (brand queries, their examples):
// c.ProblemAt("brands[1].query", "unbalanced parenthesis") prints as
// FILE:LINE: brands[1].query: unbalanced parenthesis.
func (c *Config) ProblemAt(path, format string, args ...any) Problem {
	return Problem{File: c.File, Line: c.Line(path), Path: path, Msg: fmt.Sprintf(format, args...)}
}

// parentPath strips the last ".key" or "[i]" from a field path.
func parentPath(path string) string {
	i := strings.LastIndexAny(path, ".[")
	if i < 0 {
		return ""
	}
	return path[:i]
}

// tabIndented reports whether line n (1-based) of src starts its
// indentation with a tab, which yaml.v3 reports in words about tokens.
// tabIndentedFrom returns the first line from line n on whose indentation
// holds a tab, or 0.
func tabIndentedFrom(src []byte, n int) int {
	for i, l := range bytes.Split(src, []byte("\n")) {
		if i+1 < n {
			continue
		}
		indent := l[:len(l)-len(bytes.TrimLeft(l, " \t"))]
		if bytes.IndexByte(indent, '\t') >= 0 {
			return i + 1
		}
	}
	return 0
}

// quotedPrefixFrom returns the first line from line n on whose value starts
// with a quoted part and goes on after it (query: "acme" OR "acme corp"),
// which YAML cannot read, and its key; or 0.
func quotedPrefixFrom(src []byte, n int) (int, string) {
	for i, l := range bytes.Split(src, []byte("\n")) {
		if i+1 < n {
			continue
		}
		key, val, ok := bytes.Cut(bytes.TrimLeft(l, " -\t"), []byte(": "))
		val = bytes.TrimSpace(val)
		if !ok || len(val) < 2 || (val[0] != '"' && val[0] != '\'') {
			continue
		}
		end := bytes.IndexByte(val[1:], val[0])
		if end < 0 {
			continue
		}
		rest := bytes.TrimSpace(val[end+2:])
		if len(rest) > 0 && rest[0] != '#' && rest[0] != ',' && rest[0] != '}' && rest[0] != ']' {
			return i + 1, string(key)
		}
	}
	return 0, ""
}
