package query

import (
	"strconv"
	"strings"
)

// near := signed [ NEAR/n signed ]
func (p *parser) near() (*node, error) {
	left, err := p.signed()
	if err != nil {
		return nil, err
	}
	t := p.peek()
	if t.kind != tNear {
		return left, nil
	}
	p.next()
	right, err := p.signed()
	if err != nil {
		return nil, err
	}
	for _, side := range []*node{left, right} {
		if !proximal(side) {
			return nil, p.fail(side.col, "NEAR needs a term, a phrase or an (a OR b) group on each side",
				"move AND and NOT outside the NEAR")
		}
	}
	if t2 := p.peek(); t2.kind == tNear {
		return nil, p.fail(t2.col, "unexpected "+t2.text, "NEAR joins two sides; combine NEAR groups with AND")
	}
	return &node{op: opNear, kids: []*node{left, right}, n: t.n, col: left.col}, nil
}

// proximal reports whether a node has positions: words, or OR of words.
func proximal(n *node) bool {
	if n.op == opWords {
		return true
	}
	if n.op != opOr {
		return false
	}
	for _, k := range n.kids {
		if k.op != opWords {
			return false
		}
	}
	return true
}

// signed := "-" primary | primary
func (p *parser) signed() (*node, error) {
	t := p.peek()
	if t.kind != tMinus {
		return p.primary()
	}
	p.next()
	k, err := p.primary()
	if err != nil {
		return nil, err
	}
	return &node{op: opNot, kids: []*node{k}, col: t.col}, nil
}

// primary := word | phrase | "(" or ")"
func (p *parser) primary() (*node, error) {
	t := p.next()
	switch t.kind {
	case tWord:
		return p.term(t)
	case tPhrase:
		return p.phrase(t)
	case tLParen:
		return p.group(t)
	}
	p.i-- // leave the offending token for the error
	return nil, p.unexpected(t)
}

// group parses a parenthesised expression after its "(".
func (p *parser) group(open token) (*node, error) {
	if err := p.enter(open.col); err != nil {
		return nil, err
	}
	defer p.leave()
	p.depth++
	n, err := p.or()
	if err != nil {
		return nil, err
	}
	if t := p.next(); t.kind != tRParen {
		return nil, p.fail(t.col, "unexpected end", "close the parenthesis opened at column "+strconv.Itoa(open.col))
	}
	p.depth--
	return n, nil
}

// unexpected explains a token found where a term was needed.
func (p *parser) unexpected(t token) error {
	switch t.kind {
	case tEOF:
		if p.depth > 0 {
			return p.fail(t.col, "unexpected end", "close the parenthesis")
		}
		return p.fail(t.col, "unexpected end", "add a term after "+p.toks[max(p.i-1, 0)].text)
	case tRParen:
		if p.depth > 0 {
			return p.fail(t.col, `unexpected ")"`, "put a term before it")
		}
		return p.fail(t.col, `unexpected ")"`, "remove it or open a parenthesis before it")
	}
	return p.fail(t.col, "unexpected "+t.text, "put a term on both sides of "+t.text)
}

// term parses a bare word: it may end in "*" (prefix) and may fold into
// several words ("coca-cola", "acme.com"), which then match as a phrase.
func (p *parser) term(t token) (*node, error) {
	text, prefix := strings.CutSuffix(t.text, "*")
	if strings.Contains(text, "*") {
		return nil, p.fail(t.col, "wildcard inside "+strconv.Quote(t.text), "put * only at the end of a term, as in acme*")
	}
	ws, err := p.words(t, text)
	if err != nil {
		return nil, err
	}
	ws[len(ws)-1].prefix = prefix
	return &node{op: opWords, words: ws, col: t.col}, nil
}

// phrase parses a quoted phrase; punctuation inside it (and "*") only separates words.
func (p *parser) phrase(t token) (*node, error) {
	ws, err := p.words(t, t.text)
	if err != nil {
		return nil, err
	}
	return &node{op: opWords, words: ws, col: t.col}, nil
}

// words folds text as the matcher folds texts.
func (p *parser) words(t token, text string) ([]word, error) {
	folded := Words(text)
	if len(folded) == 0 {
		hint := "use letters or digits"
		if t.text == "-" {
			hint = "write -term with no space to exclude a term"
		}
		return nil, p.fail(t.col, "nothing to match in "+strconv.Quote(t.text), hint)
	}
	ws := make([]word, len(folded))
	for i, f := range folded {
		ws[i] = word{text: f, id: -1}
	}
	return ws, nil
}
