package query

import (
	"slices"
	"testing"
)

// slowWords tokenises s without the two-byte table, the reference the
// table must agree with.
func slowWords(s string) []string {
	var t tokenizer
	for i := 0; i < len(s); {
		if c := s[i]; c < 0x80 {
			t.ascii(c)
			i++
			continue
		}
		i += t.decompose(s[i:])
	}
	t.end()
	out := []string{}
	for _, w := range t.words {
		out = append(out, string(t.buf[w.start:w.end]))
	}
	return out
}

// TestFoldTableAgreesWithSlowPath checks every two-byte rune, alone, inside
// a word and between words.
func TestFoldTableAgreesWithSlowPath(t *testing.T) {
	for r := rune(0x80); r < 0x800; r++ {
		for _, s := range []string{string(r), "a" + string(r) + "b", "a " + string(r) + " b", string(r) + string(r)} {
			if got, want := Words(s), slowWords(s); !slices.Equal(got, want) {
				t.Errorf("Words(%q) = %q, slow path %q", s, got, want)
			}
		}
	}
}
