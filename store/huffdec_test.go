package store

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/klauspost/compress/huff0"
)

// refHuff is huff0's decoder for the frozen table: the reference that
// huffDecoder must agree with. Read-only.
var refHuff = func() *huff0.Decoder {
	s, err := loadTextTable()
	if err != nil {
		panic(err)
	}
	return s.Decoder()
}()

// huffTexts are inputs of every shape the store codes: real reviews, each
// byte value, runs of the shortest and longest codes, and random texts of
// many lengths drawn from English-like and uniform byte mixes.
func huffTexts(tb testing.TB) []string {
	var out []string
	for _, m := range codecSamples(tb) {
		if len(m.Text) >= minPackedText {
			out = append(out, m.Text)
		}
	}
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	out = append(out, string(all), strings.Repeat(" ", 200), strings.Repeat("\xff", 300), strings.Repeat("e ", 40))
	rng := rand.New(rand.NewPCG(7, 11))
	english := strings.Join(out[:min(len(out), 10)], "")
	for _, n := range []int{32, 33, 34, 35, 47, 63, 64, 65, 100, 255, 450, 451, 1000, 4096, 70000} {
		var b strings.Builder
		for range n {
			if rng.IntN(10) == 0 {
				b.WriteByte(byte(rng.IntN(256)))
			} else {
				b.WriteByte(english[rng.IntN(len(english))])
			}
		}
		out = append(out, b.String())
	}
	return out
}

// TestHuffDecoderMatchesHuff0 decodes every sample in both layouts with
// huffDecoder and huff0.
func TestHuffDecoderMatchesHuff0(t *testing.T) {
	for _, in := range huffTexts(t) {
		code4, ok := appendHuff4X(nil, in, textCodes)
		if !ok {
			t.Fatalf("appendHuff4X refused %d bytes", len(in))
		}
		got := make([]byte, len(in))
		if err := textHuff.decode4X(got, code4); err != nil || string(got) != in {
			t.Errorf("decode4X of %d bytes = %v, text equal %v", len(in), err, string(got) == in)
		}
		code1 := appendHuff1X(nil, in, textCodes)
		if err := textHuff.decode1X(got, code1); err != nil || string(got) != in {
			t.Errorf("decode1X of %d bytes = %v, text equal %v", len(in), err, string(got) == in)
		}
		if ref, err := refHuff.Decompress4X(make([]byte, 0, len(in)), code4); err != nil || string(ref) != in {
			t.Errorf("huff0 disagrees with the test on %d bytes: %v", len(in), err)
		}
	}
}

// TestHuffDecoderRefusesWhatHuff0Refuses damages valid streams (every bit
// flipped, truncated, extended, the wrong size asked for) and checks that
// huffDecoder fails exactly when huff0 does, and agrees with it otherwise.
func TestHuffDecoderRefusesWhatHuff0Refuses(t *testing.T) {
	in := huffTexts(t)[5]
	code, _ := appendHuff4X(nil, in, textCodes)
	refused := 0
	check := func(what string, src []byte, size int) {
		t.Helper()
		if sameAsHuff0(t, what, src, size) {
			refused++
		}
	}
	for i := range len(code) * 8 {
		bad := bytes.Clone(code)
		bad[i/8] ^= 1 << (i % 8)
		check("bit flipped", bad, len(in))
	}
	for n := range len(code) {
		check("truncated", code[:n], len(in))
	}
	check("extended", append(bytes.Clone(code), 0x01), len(in))
	for _, size := range []int{len(in) - 1, len(in) + 1, len(in) + 4, 12} {
		check("wrong size", code, size)
	}
	if refused < len(code) {
		t.Errorf("only %d damaged streams were refused; the checks are not being exercised", refused)
	}
}

// sameAsHuff0 decodes src as size bytes with both decoders, fails t when
// they disagree, and reports whether both refused it.
func sameAsHuff0(t testing.TB, what string, src []byte, size int) (refused bool) {
	ref, refErr := refHuff.Decompress4X(make([]byte, 0, size), src)
	got := make([]byte, size)
	err := textHuff.decode4X(got, src)
	switch {
	case (err == nil) != (refErr == nil):
		t.Errorf("%s (%x, %d bytes): huffDecoder says %v, huff0 says %v", what, src, size, err, refErr)
	case err == nil && !bytes.Equal(got, ref):
		t.Errorf("%s (%x, %d bytes): huffDecoder decodes %q, huff0 %q", what, src, size, got, ref)
	}
	return err != nil && refErr != nil
}

// FuzzHuffDecoder feeds both decoders any bytes as a 4X stream of any size.
func FuzzHuffDecoder(f *testing.F) {
	for _, in := range huffTexts(f)[:8] {
		code, _ := appendHuff4X(nil, in, textCodes)
		f.Add(code, uint16(len(in)))
	}
	f.Fuzz(func(t *testing.T, src []byte, size uint16) {
		if size == 0 || int(size) > 8*len(src) {
			return // packedStr refuses these before decoding
		}
		sameAsHuff0(t, "fuzz", src, int(size))
	})
}

// BenchmarkTextDecode decodes one 450-byte review text, as a week's query
// does ~233k times: huffDecoder against huff0's decoder.
func BenchmarkTextDecode(b *testing.B) {
	var texts []string
	for _, m := range codecSamples(b) {
		texts = append(texts, m.Text)
	}
	text := strings.Join(texts, " ")[:450]
	code, _ := appendHuff4X(nil, text, textCodes)
	out := make([]byte, len(text))
	b.Run("earshot", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			if err := textHuff.decode4X(out, code); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("huff0", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			if _, err := refHuff.Decompress4X(out[:0], code); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// Every length a packed text can have up to 300 bytes, in both layouts
// (recordV3 stored one stream): the decoder agrees with huff0 on each.
func TestHuffDecoderEveryShortLength(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := minPackedText; n <= 300; n++ {
		b := make([]byte, n)
		for i := range b {
			b[i] = "etaoin shrdlu"[rng.IntN(13)]
		}
		code, ok := appendHuff4X(nil, string(b), textCodes)
		if !ok {
			t.Fatalf("appendHuff4X refused %d bytes", n)
		}
		sameAsHuff0(t, "4X", code, n)
		code1 := appendHuff1X(nil, string(b), textCodes)
		ref, err := refHuff.Decompress1X(make([]byte, 0, n), code1)
		got := make([]byte, n)
		if err2 := textHuff.decode1X(got, code1); err != nil || err2 != nil || !bytes.Equal(got, ref) || string(got) != string(b) {
			t.Errorf("1X of %d bytes: huffDecoder %v, huff0 %v, equal %v", n, err2, err, bytes.Equal(got, ref))
		}
	}
}
