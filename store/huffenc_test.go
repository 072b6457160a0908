package store

import (
	"bytes"
	"encoding/hex"
	"math/bits"
	"strings"
	"testing"

	"github.com/klauspost/compress/huff0"
)

// codeBits is the exact length in bits of a huff0 stream: its last byte's
// highest set bit is the end mark.
func codeBits(t *testing.T, code []byte) int {
	t.Helper()
	if len(code) == 0 || code[len(code)-1] == 0 {
		t.Fatalf("stream %x has no end mark", code)
	}
	return 8*(len(code)-1) + bits.Len8(code[len(code)-1]) - 1
}

// probeCodeLens measures each byte's code length in the frozen table from
// huff0's own output: a byte added to a fixed text lengthens its one-stream
// code by exactly its code length.
func probeCodeLens(t *testing.T) string {
	base := []byte("the staff were friendly and the room was clean, quiet and warm")
	s, err := loadTextTable()
	if err != nil {
		t.Fatal(err)
	}
	s.Reuse = huff0.ReusePolicyMust
	code1x := func(in []byte) int {
		out, _, err := huff0.Compress1X(in, s)
		if err != nil {
			t.Fatalf("Compress1X(%q): %v", in, err)
		}
		return codeBits(t, out)
	}
	n := code1x(base)
	lens := make([]byte, 128)
	for c := range 256 {
		l := code1x(append(base[:len(base):len(base)], byte(c))) - n
		if l < 1 || l > 15 {
			t.Fatalf("byte %d: code length %d", c, l)
		}
		lens[c/2] |= byte(l) << (4 * (1 - c%2))
	}
	return hex.EncodeToString(lens)
}

// TestTextCodeLens shows how textCodeLens is rebuilt from the frozen table.
func TestTextCodeLens(t *testing.T) {
	if got := probeCodeLens(t); got != textCodeLens {
		t.Errorf("code lengths measured from huff0 = %s, want the frozen %s", got, textCodeLens)
	}
}

// TestHuffEncoderMatchesHuff0 checks that appendHuff4X writes exactly what
// huff0.Compress4X writes with the frozen table, on real review texts of
// every length from 12 bytes up and on the edge lengths of the 4-byte loop.
func TestHuffEncoderMatchesHuff0(t *testing.T) {
	s, err := loadTextTable()
	if err != nil {
		t.Fatal(err)
	}
	s.Reuse = huff0.ReusePolicyMust
	var texts []string
	for _, m := range codecSamples(t) {
		if len(m.Text) >= minPackedText {
			texts = append(texts, m.Text)
		}
	}
	long := strings.Join(texts, " ")
	for _, n := range []int{12, 13, 14, 15, 16, 31, 32, 33, 34, 35, 100, 449, 450, 451, 4097} {
		texts = append(texts, long[:min(n, len(long))])
	}
	for i := 0; i+450 <= len(long); i += 97 { // mention-sized texts starting anywhere
		texts = append(texts, long[i:i+450])
	}
	compared := 0
	for _, text := range texts {
		want, _, err := huff0.Compress4X([]byte(text), s)
		if err != nil {
			continue // huff0 declines (too short, one repeated byte): nothing to compare
		}
		got, ok := appendHuff4X([]byte("prefix"), text, textCodes)
		if !ok || !bytes.Equal(got[6:], want) || string(got[:6]) != "prefix" {
			t.Errorf("appendHuff4X(%q) = %x, %v; want huff0's %x", text, got, ok, want)
		}
		compared++
	}
	if compared < len(texts)/2 {
		t.Errorf("compared %d of %d texts, want most: huff0 declined the rest", compared, len(texts))
	}
}

// TestHuffEncoderRoundTrip decodes appendHuff4X's code of inputs huff0
// itself would not code (one repeated byte, every byte value).
func TestHuffEncoderRoundTrip(t *testing.T) {
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	for _, in := range []string{strings.Repeat("a", 100), string(all), strings.Repeat("\xff", 33)} {
		code, ok := appendHuff4X(nil, in, textCodes)
		got, err := refHuff.Decompress4X(make([]byte, 0, len(in)), code)
		if !ok || err != nil || string(got) != in {
			t.Errorf("Decompress4X(appendHuff4X(%q)) = %q, %v", in, got, err)
		}
	}
}

func TestCodeTableRejectsBadLengths(t *testing.T) {
	for name, lens := range map[string]string{
		"short":   textCodeLens[:254],
		"not hex": "zz" + textCodeLens[2:],
		"a zero":  "0" + textCodeLens[1:],
	} {
		if _, err := codeTable(lens); err == nil {
			t.Errorf("codeTable(%s) = nil error, want one", name)
		}
	}
}

// FuzzHuffEncoder checks that any text appendHuff4X codes decodes back, and
// that it matches huff0.Compress4X whenever huff0 codes the text too.
func FuzzHuffEncoder(f *testing.F) {
	for _, m := range codecSamples(f) {
		f.Add(m.Text)
	}
	s, err := loadTextTable()
	if err != nil {
		f.Fatal(err)
	}
	s.Reuse = huff0.ReusePolicyMust
	f.Fuzz(func(t *testing.T, in string) {
		if len(in) < 12 || len(in) > huff0.BlockSizeMax {
			return // appendPacked never codes these
		}
		code, ok := appendHuff4X(nil, in, textCodes)
		if !ok {
			return
		}
		if got, err := refHuff.Decompress4X(make([]byte, 0, len(in)), code); err != nil || string(got) != in {
			t.Fatalf("Decompress4X(appendHuff4X(%q)) = %q, %v", in, got, err)
		}
		if want, _, err := huff0.Compress4X([]byte(in), s); err == nil && !bytes.Equal(code, want) {
			t.Fatalf("appendHuff4X(%q) = %x, huff0 = %x", in, code, want)
		}
	})
}

// BenchmarkHuffEncode codes a mention-sized review text with the frozen table.
func BenchmarkHuffEncode(b *testing.B) {
	var texts []string
	for _, m := range codecSamples(b) {
		texts = append(texts, m.Text)
	}
	text := strings.Join(texts, " ")[:450]
	var out []byte
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		out, _ = appendHuff4X(out[:0], text, textCodes)
	}
}
