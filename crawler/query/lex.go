package query

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// kind is the kind of a query token.
type kind uint8

const (
	tEOF kind = iota
	tWord
	tPhrase
	tMinus
	tLParen
	tRParen
	tAnd
	tOr
	tNot
	tNear
)

// token is one lexical element of a query, with its 1-based rune column.
type token struct {
	kind kind
	text string // word or phrase content; operator as written
	n    int    // NEAR distance
	col  int
}

// maxNear bounds NEAR/n: a larger window is an AND in all but name.
const maxNear = 1000

// isQuote accepts the typographic quotes people paste from documents.
func isQuote(r rune) bool { return r == '"' || r == '“' || r == '”' || r == '„' }

// lexer splits a query into tokens.
type lexer struct {
	src  string
	pos  int // byte offset
	col  int // rune column of pos, 1-based
	toks []token
}

func (l *lexer) fail(col int, msg, hint string) error {
	return &SyntaxError{Query: l.src, Column: col, Msg: msg, Hint: hint}
}

// next reads the rune at pos and advances.
func (l *lexer) next() rune {
	r, size := utf8.DecodeRuneInString(l.src[l.pos:])
	l.pos += size
	l.col++
	return r
}

func (l *lexer) peek() rune {
	r, _ := utf8.DecodeRuneInString(l.src[l.pos:])
	return r
}

// lex tokenises the whole query; the last token is tEOF.
func lex(src string) ([]token, error) {
	l := &lexer{src: src, col: 1}
	for l.pos < len(src) {
		col, r := l.col, l.peek()
		switch {
		case unicode.IsSpace(r):
			l.next()
		case r == '(':
			l.next()
			l.toks = append(l.toks, token{kind: tLParen, text: "(", col: col})
		case r == ')':
			l.next()
			l.toks = append(l.toks, token{kind: tRParen, text: ")", col: col})
		case isQuote(r):
			if err := l.phrase(); err != nil {
				return nil, err
			}
		case r == '-' && l.startsOperand(1):
			l.next()
			l.toks = append(l.toks, token{kind: tMinus, text: "-", col: col})
		default:
			if err := l.word(); err != nil {
				return nil, err
			}
		}
	}
	l.toks = append(l.toks, token{kind: tEOF, col: l.col})
	return l.toks, nil
}

// startsOperand reports whether the byte at pos+off begins a term, phrase or
// group, which makes a preceding "-" an exclusion rather than a word.
func (l *lexer) startsOperand(off int) bool {
	if l.pos+off >= len(l.src) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(l.src[l.pos+off:])
	return !unicode.IsSpace(r) && r != ')' && r != '-'
}

// phrase reads a quoted phrase.
func (l *lexer) phrase() error {
	col := l.col
	l.next()
	start := l.pos
	for l.pos < len(l.src) {
		end := l.pos
		if isQuote(l.next()) {
			l.toks = append(l.toks, token{kind: tPhrase, text: l.src[start:end], col: col})
			return nil
		}
	}
	return l.fail(col, "unterminated phrase", "close the quote")
}

// word reads a term or an operator.
func (l *lexer) word() error {
	col, start := l.col, l.pos
	for l.pos < len(l.src) {
		r := l.peek()
		if unicode.IsSpace(r) || r == '(' || r == ')' || isQuote(r) {
			break
		}
		l.next()
	}
	w := l.src[start:l.pos]
	t := token{kind: tWord, text: w, col: col}
	switch {
	case w == "AND":
		t.kind = tAnd
	case w == "OR":
		t.kind = tOr
	case w == "NOT":
		t.kind = tNot
	case w == "NEAR" || strings.HasPrefix(w, "NEAR/"):
		n, err := strconv.Atoi(strings.TrimPrefix(w, "NEAR/"))
		if err != nil || n < 0 || n > maxNear || w == "NEAR" {
			return l.fail(col, "bad "+strconv.Quote(w), "write NEAR/n with n a number of words from 0 to "+strconv.Itoa(maxNear)+", like NEAR/3")
		}
		t.kind, t.n = tNear, n
	}
	l.toks = append(l.toks, t)
	return nil
}
