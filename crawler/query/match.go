package query

import (
	"slices"
	"sync"
)

// Match reports whether text (title + "\n" + body, plain text) satisfies the
// query. It tokenises the text once and does not allocate in the steady state.
func (q *Query) Match(text string) bool {
	d := getDoc(&q.docs)
	defer putDoc(&q.docs, d)
	d.load(text, q.v)
	return d.eval(q.root)
}

// Matcher evaluates several brands' queries against a text tokenised once.
// It is immutable and safe for concurrent use.
type Matcher struct {
	names []string // sorted brand names
	roots []*node  // compiled against v, parallel to names
	v     *vocab
	docs  sync.Pool
}

// NewMatcher compiles the brands' queries into one matcher. Nil queries are
// ignored, so a brand whose query failed to parse simply never matches.
func NewMatcher(brands map[string]*Query) *Matcher {
	m := &Matcher{v: newVocab()}
	for name, q := range brands {
		if q != nil {
			m.names = append(m.names, name)
		}
	}
	slices.Sort(m.names)
	for _, name := range m.names {
		m.roots = append(m.roots, brands[name].root.compile(m.v))
	}
	return m
}

// Brands returns the names of the brands whose query matches text, sorted;
// nil when none does. One mention may belong to several brands.
func (m *Matcher) Brands(text string) []string {
	d := getDoc(&m.docs)
	defer putDoc(&m.docs, d)
	d.load(text, m.v)
	var out []string
	for i, root := range m.roots {
		if d.eval(root) {
			out = append(out, m.names[i])
		}
	}
	return out
}

func getDoc(p *sync.Pool) *doc {
	if d, ok := p.Get().(*doc); ok {
		return d
	}
	return new(doc)
}

func putDoc(p *sync.Pool, d *doc) {
	if d.reusable() {
		p.Put(d)
	}
}

// eval evaluates a compiled node against the loaded text.
func (d *doc) eval(n *node) bool {
	switch n.op {
	case opWords:
		return d.hasWords(n.words)
	case opAnd:
		for _, k := range n.kids {
			if !d.eval(k) {
				return false
			}
		}
		return true
	case opOr:
		for _, k := range n.kids {
			if d.eval(k) {
				return true
			}
		}
		return false
	case opNot:
		return !d.eval(n.kids[0])
	case opNear:
		return d.near(n)
	}
	return false
}

// hasWords reports whether the words occur consecutively somewhere.
func (d *doc) hasWords(ws []word) bool {
	for _, w := range ws { // cheap rejection before any scan
		if !w.prefix && !d.has(w.id) {
			return false
		}
	}
	if len(ws) == 1 && !ws[0].prefix {
		return true
	}
	for i := 0; i+len(ws) <= len(d.words); i++ {
		if d.at(ws, i) {
			return true
		}
	}
	return false
}

// at reports whether the words occur starting at word i.
func (d *doc) at(ws []word, i int) bool {
	if i < 0 || i+len(ws) > len(d.words) {
		return false
	}
	for k, w := range ws {
		if w.prefix {
			b := d.word(i + k)
			if len(b) < len(w.text) || string(b[:len(w.text)]) != w.text {
				return false
			}
		} else if d.ids[i+k] != w.id {
			return false
		}
	}
	return true
}
