package query

import (
	"strconv"
	"strings"
)

// op is the kind of a query node.
type op uint8

const (
	opWords op = iota // a word or a phrase: consecutive folded words
	opAnd
	opOr
	opNot
	opNear
)

// word is one folded word of a term or phrase.
type word struct {
	text   string
	prefix bool  // term* : any word starting with text
	id     int32 // vocabulary id of an exact word; -1 for prefixes
}

// node is one element of a parsed query.
type node struct {
	op    op
	words []word  // opWords
	kids  []*node // opAnd, opOr (2+), opNot (1), opNear (2)
	n     int     // opNear: most words allowed between the two sides
	col   int     // where it starts in the query, for errors
}

// positive reports whether the node can only match a text that contains
// something, i.e. it is not satisfied by mere absence ("NOT spam").
func (n *node) positive() bool {
	switch n.op {
	case opNot:
		return false
	case opAnd:
		for _, k := range n.kids {
			if k.positive() {
				return true
			}
		}
		return false
	case opOr:
		for _, k := range n.kids {
			if !k.positive() {
				return false
			}
		}
	}
	return true
}

// compile returns a copy of the tree whose exact words carry ids in v.
func (n *node) compile(v *vocab) *node {
	c := *n
	if n.words != nil {
		c.words = make([]word, len(n.words))
		for i, w := range n.words {
			w.id = -1
			if !w.prefix {
				w.id = v.add(w.text)
			}
			c.words[i] = w
		}
	}
	if n.kids != nil {
		c.kids = make([]*node, len(n.kids))
		for i, k := range n.kids {
			c.kids[i] = k.compile(v)
		}
	}
	return &c
}

// write renders the node in canonical syntax: folded words, uppercase
// operators, parentheses around every group inside another operator.
func (n *node) write(b *strings.Builder) {
	switch n.op {
	case opWords:
		writeWords(b, n.words)
	case opNot:
		b.WriteString("NOT ")
		n.kids[0].writeOperand(b)
	case opNear:
		n.kids[0].writeOperand(b)
		b.WriteString(" NEAR/" + strconv.Itoa(n.n) + " ")
		n.kids[1].writeOperand(b)
	default:
		sep := " AND "
		if n.op == opOr {
			sep = " OR "
		}
		for i, k := range n.kids {
			if i > 0 {
				b.WriteString(sep)
			}
			k.writeOperand(b)
		}
	}
}

// writeOperand parenthesises groups so that precedence never has to be recalled.
func (n *node) writeOperand(b *strings.Builder) {
	if n.op == opAnd || n.op == opOr || n.op == opNear {
		b.WriteByte('(')
		n.write(b)
		b.WriteByte(')')
		return
	}
	n.write(b)
}

// writeWords renders a term as a bare word and a phrase in quotes. A phrase
// ending in a prefix is written hyphenated ("coca-co*"), because inside
// quotes "*" is punctuation.
func writeWords(b *strings.Builder, ws []word) {
	last := ws[len(ws)-1]
	quote := len(ws) > 1 && !last.prefix
	sep := "-"
	if quote {
		b.WriteByte('"')
		sep = " "
	}
	for i, w := range ws {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(w.text)
	}
	if last.prefix {
		b.WriteByte('*')
	}
	if quote {
		b.WriteByte('"')
	}
}
