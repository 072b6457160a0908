package query

import (
	"strconv"
	"strings"
	"sync"
)

// Query is a parsed brand query. It is immutable and safe for concurrent use.
type Query struct {
	src  string
	root *node // compiled against v
	v    *vocab
	docs sync.Pool // *doc scratch, so Match does not allocate
}

// maxDepth bounds nesting, so a hostile query cannot exhaust the stack.
const maxDepth = 100

// Parse parses a brand query. Its errors are *SyntaxError values that give
// the column and a fix, e.g.
// `query "acme AND (": unexpected end at column 11: close the parenthesis`.
func Parse(q string) (*Query, error) {
	toks, err := lex(q)
	if err != nil {
		return nil, err
	}
	p := &parser{src: q, toks: toks}
	root, err := p.parse()
	if err != nil {
		return nil, err
	}
	v := newVocab()
	return &Query{src: q, root: root.compile(v), v: v}, nil
}

// String returns the query in canonical form: folded words, uppercase
// operators and explicit groups. Parse(q.String()) is equivalent to q.
func (q *Query) String() string {
	var b strings.Builder
	q.root.write(&b)
	return b.String()
}

// Source returns the query as it was written.
func (q *Query) Source() string { return q.src }

// parser is a recursive-descent parser over the lexer's tokens.
type parser struct {
	src   string
	toks  []token
	i     int
	depth int // open parentheses
	level int // recursion depth
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token { t := p.toks[p.i]; p.i++; return t }

func (p *parser) fail(col int, msg, hint string) error {
	return &SyntaxError{Query: p.src, Column: col, Msg: msg, Hint: hint}
}

// parse reads the whole query and checks that it asks for something.
func (p *parser) parse() (*node, error) {
	if p.peek().kind == tEOF {
		return nil, p.fail(1, "empty query", `write a term, a "phrase" or a (group)`)
	}
	root, err := p.or()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF { // only ")" can stop or() early
		return nil, p.fail(t.col, `unexpected ")"`, "remove it or open a parenthesis before it")
	}
	if !root.positive() {
		return nil, p.fail(1, "the query only excludes", "add a term that mentions must contain")
	}
	return root, nil
}

// or := and { OR and }
func (p *parser) or() (*node, error) {
	return p.chain(opOr, tOr, p.and)
}

// and := unary { [AND] unary }
func (p *parser) and() (*node, error) {
	return p.chain(opAnd, tAnd, p.unary)
}

// chain parses operands joined by one operator, flattening them into one node.
// AND may be left out between operands; OR may not.
func (p *parser) chain(o op, sep kind, operand func() (*node, error)) (*node, error) {
	first, err := operand()
	if err != nil {
		return nil, err
	}
	var kids []*node
	add := func(k *node) {
		if k.op == o { // "(a b) c" is a b c: flatten so String is canonical
			kids = append(kids, k.kids...)
		} else {
			kids = append(kids, k)
		}
	}
	add(first)
	for {
		t := p.peek()
		switch {
		case t.kind == sep:
			p.next()
		case o == opAnd && startsOperand(t.kind):
		default:
			if len(kids) == 1 {
				return first, nil
			}
			return &node{op: o, kids: kids, col: first.col}, nil
		}
		k, err := operand()
		if err != nil {
			return nil, err
		}
		add(k)
	}
}

func startsOperand(k kind) bool {
	return k == tWord || k == tPhrase || k == tMinus || k == tLParen || k == tNot
}

// unary := NOT unary | near
func (p *parser) unary() (*node, error) {
	t := p.peek()
	if t.kind != tNot {
		return p.near()
	}
	p.next()
	if err := p.enter(t.col); err != nil {
		return nil, err
	}
	defer p.leave()
	k, err := p.unary()
	if err != nil {
		return nil, err
	}
	return &node{op: opNot, kids: []*node{k}, col: t.col}, nil
}

func (p *parser) enter(col int) error {
	p.level++
	if p.level > maxDepth {
		return p.fail(col, "query nested too deeply", "use fewer parentheses and NOTs (at most "+strconv.Itoa(maxDepth)+" levels)")
	}
	return nil
}

func (p *parser) leave() { p.level-- }

// Phrase returns a query matching text as one phrase, with no query syntax:
// the default for a brand without a query is its name, and a name like
// `AND Co` or `"Quotes" Inc` must not be read as operators. It fails only
// when text has no letters or digits.
func Phrase(text string) (*Query, error) {
	p := &parser{src: text}
	ws, err := p.words(token{text: text, col: 1}, text)
	if err != nil {
		return nil, err
	}
	v := newVocab()
	root := &node{op: opWords, words: ws, col: 1}
	return &Query{src: text, root: root.compile(v), v: v}, nil
}
