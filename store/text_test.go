package store

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/klauspost/compress/huff0"

	"github.com/earshot/earshot/internal/model"
)

// textWeights is the byte distribution the frozen text table was built from:
// general English letter frequencies (per mille of letters, the usual
// textbook figures), a space about every five bytes, capitals at ~4% of
// their lower-case letter, common punctuation and digits, and a floor of 1
// for every other byte so any text can be coded. It is not derived from any
// data set earshot ships or evaluates on.
func textWeights() [256]int {
	var w [256]int
	for i := range w {
		w[i] = 1
	}
	letters := map[byte]int{
		'e': 127, 't': 91, 'a': 82, 'o': 75, 'i': 70, 'n': 67, 's': 63, 'h': 61, 'r': 60,
		'd': 43, 'l': 40, 'c': 28, 'u': 28, 'm': 24, 'w': 24, 'f': 22, 'g': 20, 'y': 20,
		'p': 19, 'b': 15, 'v': 10, 'k': 8, 'j': 2, 'x': 2, 'q': 1, 'z': 1,
	}
	for c, n := range letters {
		w[c] = n * 10
		w[c-'a'+'A'] = 2 + n*10/25
	}
	w[' '] = 2200
	for c, n := range map[byte]int{'.': 100, ',': 90, '\'': 25, '!': 20, '?': 10, '-': 15, '"': 10, ':': 5, ';': 3,
		'(': 3, ')': 3, '/': 4, '\n': 10, '&': 2, '%': 2, '$': 2} {
		w[c] = n
	}
	for c := byte('0'); c <= '9'; c++ {
		w[c] = 12
	}
	return w
}

// textTrainingBytes is a sample with exactly textWeights' histogram.
func textTrainingBytes() []byte {
	var b []byte
	for c, n := range textWeights() {
		b = append(b, bytes.Repeat([]byte{byte(c)}, n)...)
	}
	return b
}

// TestTextTableIsBuiltFromWeights shows where the frozen table comes from. If
// it fails after upgrading klauspost/compress, keep the constant (stored
// records depend on it) and change this test, not the table.
func TestTextTableIsBuiltFromWeights(t *testing.T) {
	var s huff0.Scratch
	if _, _, err := huff0.Compress1X(textTrainingBytes(), &s); err != nil {
		t.Fatalf("Compress1X(training bytes): %v", err)
	}
	if got := hex.EncodeToString(s.OutTable); got != textTable {
		t.Errorf("table built from textWeights = %s, want the frozen %s", got, textTable)
	}
}

func TestPackedStrings(t *testing.T) {
	review := longestText(codecSamples(t)[4:])
	tests := []struct {
		name   string
		in     string
		packed bool
	}{
		{"empty", "", false},
		{"short", "Great service!", false},
		{"short sentence", "Great service, thank you so much for the quick refund!", true},
		{"english review", review, true},
		{"malay", "Barang sampai lewat seminggu, tapi khidmat pelanggan sangat membantu dan cepat.", true},
		{"armenian", strings.Repeat("Ծառայությունը լավն էր։ ", 4), false},
		{"one byte repeated (huff0 declined it; appendHuff4X codes it)", strings.Repeat("a", 100), true},
		{"binary", string([]byte{0, 1, 2, 3, 255, 254, 253, 128, 129, 130, 0, 1, 2, 3, 255, 254, 253, 128, 129, 130, 7, 7, 7, 7, 9}), false},
	}
	tc := newTextCoder()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := tc.appendPacked(nil, tt.in)
			n, _ := binary.Uvarint(rec)
			if packed := n&1 == 1; packed != tt.packed {
				t.Errorf("appendPacked(%q): packed = %v, want %v", tt.in, packed, tt.packed)
			}
			if tt.packed && len(rec) >= len(tt.in) {
				t.Errorf("appendPacked(%q) = %d bytes, want fewer than %d", tt.in, len(rec), len(tt.in))
			}
			r := reader{b: rec, s: string(rec)}
			if got := r.packedStr(true); got != tt.in || r.done("packed") != nil {
				t.Errorf("packedStr(appendPacked(%q)) = %q, %v", tt.in, got, r.err)
			}
		})
	}
}

func TestPackedStringRejectsCorruptInput(t *testing.T) {
	good := newTextCoder().appendPacked(nil, longestText(codecSamples(t)[4:]))
	_, k := binary.Uvarint(good)
	size, k2 := binary.Uvarint(good[k:])
	tests := map[string][]byte{
		"size too large": append(binary.AppendUvarint(good[:k:k], size+1), good[k+k2:]...),
		"size too small": append(binary.AppendUvarint(good[:k:k], size-1), good[k+k2:]...),
		"zero size":      append(binary.AppendUvarint(good[:k:k], 0), good[k+k2:]...),
		"truncated code": good[:len(good)-3],
		"huge size":      append(binary.AppendUvarint(good[:k:k], 1<<40), good[k+k2:]...),
	}
	for name, raw := range tests {
		r := reader{b: raw, s: string(raw)}
		if got := r.packedStr(true); r.done("packed") == nil {
			t.Errorf("packedStr(%s) = %q, want an error", name, got)
		} else if !errors.Is(r.err, ErrCorrupt) {
			t.Errorf("packedStr(%s) error %v does not wrap ErrCorrupt", name, r.err)
		}
	}
}

func longestText(ms []model.Mention) string {
	var s string
	for _, m := range ms {
		if len(m.Text) > len(s) {
			s = m.Text
		}
	}
	return s
}

// TestPackedStringOneStream reads a string coded the recordV3 way, in one
// Huffman stream, which packedStr(false) must keep decoding.
func TestPackedStringOneStream(t *testing.T) {
	text := longestText(codecSamples(t)[4:])
	s, err := loadTextTable()
	if err != nil {
		t.Fatal(err)
	}
	s.Reuse = huff0.ReusePolicyMust
	code, _, err := huff0.Compress1X([]byte(text), s)
	if err != nil {
		t.Fatalf("Compress1X: %v", err)
	}
	rec := binary.AppendUvarint(binary.AppendUvarint(nil, uint64(len(code))<<1|1), uint64(len(text)))
	rec = append(rec, code...)
	r := reader{b: rec, s: string(rec)}
	if got := r.packedStr(false); got != text || r.done("packed") != nil {
		t.Errorf("packedStr(false) of a one-stream code = %q, %v; want %q", got, r.err, text)
	}
}
