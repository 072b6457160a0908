package store

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"github.com/earshot/earshot/internal/model"
)

func codecSamples(tb testing.TB) []model.Mention {
	rating := 2.0
	at := time.Date(2026, 3, 2, 9, 0, 0, 123, time.UTC)
	out := []model.Mention{
		{},
		{ID: "x", Source: "rss", PublishedAt: at},
		{ID: "r:1", Source: "reddit", AlsoSeenIn: []string{"hn", "rss"}, Brands: []string{"acme", "globex"}, Rating: &rating,
			Text: "Ծառայությունը լավն էր 👍", Lang: "hy", PublishedAt: at, FetchedAt: at.Add(time.Minute),
			Analysis: &model.Analysis{Version: "1", Lang: "hy", Label: model.Label("mixed"), Score: math.Inf(-1), Urgency: -1,
				Explain: []model.Contribution{{Token: "լավ", Rule: "lexicon", Weight: 0.5}}}},
		{ID: "m", Source: "s", PublishedAt: at, Analysis: &model.Analysis{Scored: true, Label: model.Positive, Aspects: []model.AspectScore{{Aspect: "price", Score: 0.25}}}},
	}
	f, err := os.Open(filepath.Join("testdata", "reviews-yelp.jsonl"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for i := 0; i < 20 && sc.Scan(); i++ {
		var r struct {
			ID, Text string
			Label    model.Label
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			tb.Fatal(err)
		}
		out = append(out, model.Mention{ID: r.ID, Source: "yelp", Brands: []string{"acme"}, Text: r.Text, Lang: "en", PublishedAt: at,
			Analysis: &model.Analysis{Scored: true, Label: r.Label, Score: 0.5, Confidence: 0.9}})
	}
	return out
}

// TestMentionCodecRoundTrip checks every field survives, except
// Analysis.Explain, which the current layout does not store.
func TestMentionCodecRoundTrip(t *testing.T) {
	for _, want := range codecSamples(t) {
		var got model.Mention
		if err := decodeMention(encodeMention(nil, &want, nil, nil), testKey(want), &got, nil); err != nil {
			t.Fatalf("decode(encode(%q)): %v", want.ID, err)
		}
		if want.Analysis != nil {
			a := *want.Analysis
			a.Explain = nil
			want.Analysis = &a
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("decode(encode(m)) =\n%+v\nwant\n%+v", got, want)
		}
	}
}

func TestDecodeMentionRejectsCorruptInput(t *testing.T) {
	samples := codecSamples(t)
	rec := encodeMention(nil, &samples[2], nil, nil)
	tests := map[string][]byte{
		"empty":          nil,
		"unknown format": append([]byte{recordCurrent + 1}, rec[1:]...),
		"trailing bytes": append(append([]byte(nil), rec...), 0),
		"huge string":    {recordCurrent, 0xff, 0xff, 0xff, 0xff, 0x0f},
		"huge count":     append([]byte{recordCurrent, 0, 0, 0, 0, 0, 0, 0}, 0xff, 0xff, 0xff, 0xff, 0x0f),
	}
	for cut := 1; cut < len(rec); cut += 7 {
		tests[fmt.Sprintf("truncated at %d", cut)] = rec[:cut]
	}
	for name, raw := range tests {
		var m model.Mention
		if err := decodeMention(raw, testKey(samples[2]), &m, nil); !errors.Is(err, ErrCorrupt) {
			t.Errorf("decodeMention(%s) = %v, want ErrCorrupt", name, err)
		}
	}
}

// TestDecodeRecordV1 reads a record written by the first layout (testdata,
// made by the encoder of that time): it must decode completely, explanation
// included, and re-encode in the current layout without it.
func TestDecodeRecordV1(t *testing.T) {
	rec := recordV1Fixture(t)
	want := codecSamples(t)[2]
	want.Title, want.URL, want.Author = "Ծառայություն", "https://example.org/r/1", "anna"
	var got model.Mention
	if err := decodeMention(rec, testKey(want), &got, nil); err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("decodeMention(v1) =\n%+v, %v\nwant\n%+v", got, err, want)
	}
	again := encodeMention(nil, &got, nil, nil)
	if again[0] != recordCurrent || len(again) >= len(rec) {
		t.Errorf("re-encoded v1 record: version %d, %d bytes; want version %d, fewer than %d bytes", again[0], len(again), recordCurrent, len(rec))
	}
	var back model.Mention
	want.Analysis.Explain = nil
	if err := decodeMention(again, testKey(want), &back, nil); err != nil || !reflect.DeepEqual(back, want) {
		t.Errorf("decode(re-encoded v1) =\n%+v, %v\nwant\n%+v", back, err, want)
	}
}

// recordV1Fixture is a record written by the v1 encoder (testdata/record-v1.hex).
func recordV1Fixture(tb testing.TB) []byte {
	raw, err := os.ReadFile(filepath.Join("testdata", "record-v1.hex"))
	if err != nil {
		tb.Fatal(err)
	}
	rec, err := hex.DecodeString(strings.TrimSpace(string(raw)))
	if err != nil || len(rec) == 0 || rec[0] != recordV1 {
		tb.Fatalf("testdata/record-v1.hex is not a v1 record: %v", err)
	}
	return rec
}

// recordHexFixture reads a record of layout ver from testdata.
func recordHexFixture(tb testing.TB, name string, ver byte) []byte {
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	rec, err := hex.DecodeString(strings.TrimSpace(string(raw)))
	if err != nil || len(rec) == 0 || rec[0] != ver {
		tb.Fatalf("testdata/%s is not a version %d record: %v", name, ver, err)
	}
	return rec
}

// recordV4Sample is the mention in testdata/record-v4.hex, written by the
// v4 encoder (float64 scores, FetchedAt whole, the analysis language spelt out).
func recordV4Sample() model.Mention {
	at := time.Date(2026, 3, 2, 9, 0, 0, 123, time.UTC)
	rating := 4.0
	return model.Mention{ID: "trustpilot:5f2a", Source: "trustpilot", Brands: []string{"acme", "globex"}, AlsoSeenIn: []string{"reddit"},
		URL: "https://www.trustpilot.example/reviews/5f2a", Author: "anna", Title: "Has anyone else had this experience with their order?",
		Text: "The delivery was late again and support never answered my emails, but the price was fair.", Lang: "en", Rating: &rating,
		PublishedAt: at, FetchedAt: at.Add(3*time.Minute + 7),
		Analysis: &model.Analysis{Version: "earshot-sentiment/1", Lang: "en", Scored: true, Label: model.Negative, Score: -0.4375, Confidence: 0.8125,
			Complaint: true, Urgency: 2, Aspects: []model.AspectScore{{Aspect: "delivery", Score: -0.5}, {Aspect: "price", Score: 0.25}}}}
}

// TestDecodeRecordV4 reads a record of the previous layout: it decodes
// exactly, and re-encodes shorter in the current one, to the same mention.
func TestDecodeRecordV4(t *testing.T) {
	rec, want := recordHexFixture(t, "record-v4.hex", recordV4), recordV4Sample()
	var got model.Mention
	if err := decodeMention(rec, nil, &got, nil); err != nil || !reflect.DeepEqual(got, want) { // v4 needs no key
		t.Fatalf("decodeMention(v4) =\n%+v, %v\nwant\n%+v", got, err, want)
	}
	again := encodeMention(nil, &got, nil, nil)
	if again[0] != recordCurrent || len(again) >= len(rec) {
		t.Errorf("re-encoded v4 record: version %d, %d bytes; want version %d, fewer than %d bytes", again[0], len(again), recordCurrent, len(rec))
	}
	var back model.Mention
	if err := decodeMention(again, testKey(want), &back, nil); err != nil || !reflect.DeepEqual(back, want) {
		t.Errorf("decode(re-encoded v4) =\n%+v, %v\nwant\n%+v", back, err, want)
	}
}

// TestScoreFixedPoint: scores keep 1e-4 resolution, a decoded score encodes
// to the same bytes, and what int16 cannot hold is stored whole.
func TestScoreFixedPoint(t *testing.T) {
	tests := []struct {
		in, want float64
		size     int
	}{
		{0, 0, 2}, {1, 1, 2}, {-1, -1, 2}, {0.6, 0.6, 2}, {-0.55, -0.55, 2}, {1.0 / 3, 0.3333, 2},
		{0.12345, 0.1235, 2}, {-0.99996, -1, 2}, {3.2767, 3.2767, 2}, {-3.2767, -3.2767, 2},
		{3.27675, 3.27675, 10}, {-3.2768, -3.2768, 10}, {42, 42, 10}, {math.Inf(1), math.Inf(1), 10}, {math.Inf(-1), math.Inf(-1), 10},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.in), func(t *testing.T) {
			b := appendScore(nil, tt.in)
			r := reader{b: b, s: string(b)}
			got := r.score()
			if err := r.done("score"); err != nil || got != tt.want || len(b) != tt.size {
				t.Fatalf("score(%v) = %v in %d bytes, %v; want %v in %d", tt.in, got, len(b), err, tt.want, tt.size)
			}
			if again := appendScore(nil, got); !bytes.Equal(again, b) {
				t.Errorf("appendScore(%v) = %x, first encoding %x", got, again, b)
			}
		})
	}
	b := appendScore(nil, math.NaN())
	r := reader{b: b, s: string(b)}
	if got := r.score(); !math.IsNaN(got) || r.done("score") != nil {
		t.Errorf("score(NaN) = %v, %v; want NaN", got, r.err)
	}
}

// TestFetchedTime: FetchedAt stored relative to PublishedAt round-trips,
// zero, before, long after, and out of delta range alike.
func TestFetchedTime(t *testing.T) {
	pub := time.Date(2026, 3, 2, 9, 0, 0, 5, time.UTC)
	tests := map[string]struct {
		published, fetched time.Time
	}{
		"zero":               {pub, time.Time{}},
		"minutes after":      {pub, pub.Add(3*time.Minute + 17)},
		"before":             {pub, pub.Add(-time.Hour)},
		"zero published":     {time.Time{}, pub},
		"far future":         {pub, time.Unix(1<<41, 9).UTC()},
		"same second, nanos": {pub, pub.Add(999)},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			b := appendFetched(nil, tt.published, tt.fetched)
			r := reader{b: b, s: string(b)}
			if got := r.fetched(tt.published); r.done("fetched") != nil || !got.Equal(tt.fetched) || got != tt.fetched {
				t.Errorf("fetched(%v after %v) = %v, %v", tt.fetched, tt.published, got, r.err)
			}
		})
	}
}

func TestBucketCodecRoundTrip(t *testing.T) {
	want := model.Bucket{Counts: [3]int64{3, 0, 7}, Unscored: 2, ScoreSum: -1.25, Complaints: 1,
		Aspects: map[string]model.AspectTally{"price": {Count: 4, Negative: 1, ScoreSum: 0.5}, "staff": {Count: 1}}}
	var got model.Bucket
	if err := decodeBucket(encodeBucket(nil, &want), &got); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("decodeBucket(encodeBucket(b)) = %+v, %v; want %+v", got, err, want)
	}
}

// testKey is the key a store would keep m under (sequence 1).
func testKey(m model.Mention) []byte { return appendMentionKey(nil, m.PublishedAt, 1) }

// TestPublishedFromKey: a current record takes PublishedAt from its key, so
// decoding it without one is an error; times a key cannot hold stay in the record.
func TestPublishedFromKey(t *testing.T) {
	m := codecSamples(t)[2]
	rec := encodeMention(nil, &m, nil, nil)
	var got model.Mention
	if err := decodeMention(rec, nil, &got, nil); !errors.Is(err, ErrCorrupt) {
		t.Errorf("decodeMention(v7 record, no key) = %v, want ErrCorrupt", err)
	}
	for _, at := range []time.Time{{}, time.Date(1500, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)} {
		m.PublishedAt = at
		if err := decodeMention(encodeMention(nil, &m, nil, nil), testKey(m), &got, nil); err != nil || !got.PublishedAt.Equal(at) {
			t.Errorf("PublishedAt %v outside the key's range decodes as %v, %v", at, got.PublishedAt, err)
		}
	}
}

// fuzzDict knows a few interned names (ids 1..3) and adds none.
func fuzzDict() *dict {
	return &dict{loaded: true, names: []string{"reddit", "en", "acme", "r:"}}
}

// TestMentionCodecInterned writes records through a real strings bucket:
// names become ids (records shrink), a second transaction resolves them,
// and a decoder without the bucket reports the record corrupt.
func TestMentionCodecInterned(t *testing.T) {
	bdb, err := bolt.Open(filepath.Join(t.TempDir(), "dict.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	samples := codecSamples(t)[1:]
	recs := make([][]byte, len(samples))
	err = bdb.Update(func(tx *bolt.Tx) error {
		if _, err := tx.CreateBucket(bucketStrings); err != nil {
			return err
		}
		d := txDict(tx)
		for i := range samples {
			recs[i] = encodeMention(nil, &samples[i], nil, d)
			if plain := encodeMention(nil, &samples[i], nil, nil); len(recs[i]) >= len(plain) {
				t.Errorf("%q: interned record is %d bytes, spelt out %d; want shorter", samples[i].ID, len(recs[i]), len(plain))
			}
		}
		return d.err
	})
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.View(func(tx *bolt.Tx) error {
		d := txDict(tx)
		for i, want := range samples {
			var got model.Mention
			if want.Analysis != nil {
				a := *want.Analysis
				a.Explain = nil
				want.Analysis = &a
			}
			if err := decodeMention(recs[i], testKey(want), &got, d); err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("decode(interned %q) =\n%+v, %v\nwant\n%+v", want.ID, got, err, want)
			}
			if err := decodeMention(recs[i], testKey(want), &got, nil); !errors.Is(err, ErrCorrupt) {
				t.Errorf("decode(interned %q) without the strings = %v, want ErrCorrupt", want.ID, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// FuzzDecodeMention feeds arbitrary bytes to the record decoder: it must
// return an error wrapping ErrCorrupt or a mention whose encoding is stable
// (encode, decode, encode gives the same bytes); it must never panic.
func FuzzDecodeMention(f *testing.F) {
	for _, m := range codecSamples(f) {
		f.Add(encodeMention(nil, &m, nil, nil))
	}
	f.Add(recordV1Fixture(f)) // the old layouts' decoders are reachable too
	f.Add(recordHexFixture(f, "record-v4.hex", recordV4))
	f.Add(recordHexFixture(f, "record-v7.hex", recordV7))
	f.Add(recordHexFixture(f, "record-v8.hex", recordV8))
	interned := codecSamples(f)[2] // with its source as id 1 and ID prefix "r:" as id 4, which fuzzDict has
	rest := encodeMention(nil, &interned, nil, nil)[1+4+1+6:]
	f.Add(append([]byte{recordCurrent, 3 << 1, 'r', ':', '1', 1<<1 | 1}, rest...))
	f.Add(append([]byte{recordCurrent, 4<<1 | 1, 1, '1', 1<<1 | 1}, rest...))
	fuzzKey := testKey(codecSamples(f)[2])
	f.Fuzz(func(t *testing.T, rec []byte) {
		var m model.Mention
		if err := decodeMention(rec, fuzzKey, &m, fuzzDict()); err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("decodeMention error %v does not wrap ErrCorrupt", err)
			}
			return
		}
		first := encodeMention(nil, &m, nil, nil)
		var again model.Mention
		if err := decodeMention(first, testKey(m), &again, nil); err != nil { // stored under its own time
			t.Fatalf("re-decode of a decoded mention: %v", err)
		}
		if second := encodeMention(nil, &again, nil, nil); !bytes.Equal(first, second) {
			t.Fatalf("encoding is not stable:\n%x\n%x", first, second)
		}
	})
}

// FuzzDecodeBucket does the same for rollup records.
func FuzzDecodeBucket(f *testing.F) {
	f.Add(encodeBucket(nil, &model.Bucket{Counts: [3]int64{1, 2, 3}, Aspects: map[string]model.AspectTally{"price": {Count: 1}}}))
	f.Fuzz(func(t *testing.T, rec []byte) {
		var b model.Bucket
		err := decodeBucket(rec, &b)
		if err != nil && !errors.Is(err, ErrCorrupt) {
			t.Fatalf("decodeBucket error %v does not wrap ErrCorrupt", err)
		}
		if err != nil {
			return
		}
		// What decodes re-encodes to a record that decodes to the same
		// bucket (compared encoded: a NaN sum is not equal to itself).
		first := encodeBucket(nil, &b)
		var again model.Bucket
		if err := decodeBucket(first, &again); err != nil || !bytes.Equal(encodeBucket(nil, &again), first) {
			t.Fatalf("bucket %+v re-encoded decodes as %+v, %v", b, again, err)
		}
	})
}

func TestNormalizeText(t *testing.T) {
	tests := []struct {
		in, want string
		runes    int
	}{
		{"", "", 0},
		{"  Hello\t\tWORLD \n", "hello world", 11},
		{"ÀÉÎ\u00a0õü\u2003Ԁԁ", "àéî õü ԁԁ", 9},
		{"A\r\nB", "a b", 3},
		{"ȺȺȺ ȾȾ ok", "ⱥⱥⱥ ⱦⱦ ok", 9}, // lower case is longer in UTF-8 (2 -> 3 bytes)
		// eight-byte words (plainWord): spaces in a row, at a word's end, other
		// white space and non-ASCII inside a word, the letters around A..Z
		{"The Delivery Was LATE, Again; Support Never Answered.", "the delivery was late, again; support never answered.", 53},
		{"abcdefg  hijklmn   opqrstu\tvwxyz@[`{ ABCDEFGH", "abcdefg hijklmn opqrstu vwxyz@[`{ abcdefgh", 42},
		{"Ordered Twice, Café Was Closed ZZZZZZZZ  ", "ordered twice, café was closed zzzzzzzz", 39},
	}
	for _, tt := range tests {
		got, n := normalizeText(nil, tt.in)
		if string(got) != tt.want || n != tt.runes {
			t.Errorf("normalizeText(%q) = %q, %d; want %q, %d", tt.in, got, n, tt.want, tt.runes)
		}
	}
}

func benchRecord(b *testing.B) model.Mention {
	m := codecSamples(b)[2]
	for len(m.Text) < 450 {
		m.Text += " The delivery was late but the staff were friendly and fixed it quickly."
	}
	return m
}

func BenchmarkEncodeMention(b *testing.B) {
	m := benchRecord(b)
	buf := make([]byte, 0, 2048)
	tc := newTextCoder()
	for b.Loop() {
		buf = encodeMention(buf[:0], &m, tc, nil)
	}
	b.SetBytes(int64(len(buf)))
}

func BenchmarkDecodeMention(b *testing.B) {
	m := benchRecord(b)
	rec, key := encodeMention(nil, &m, nil, nil), testKey(m)
	b.SetBytes(int64(len(rec)))
	for b.Loop() {
		if err := decodeMention(rec, key, &m, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNormalizeText(b *testing.B) {
	m := benchRecord(b)
	var buf []byte
	b.SetBytes(int64(len(m.Text)))
	for b.Loop() {
		buf, _ = normalizeText(buf[:0], m.Text)
	}
}

// FuzzNormalizeText checks the fast normaliser against the obvious one.
func FuzzNormalizeText(f *testing.F) {
	for _, m := range codecSamples(f) {
		f.Add(m.Text)
	}
	f.Add(" \u00a0Ǆ\tİstanbul\u2028ΣΑΣ ")
	f.Fuzz(func(t *testing.T, s string) {
		want := strings.Join(strings.Fields(strings.ToLower(s)), " ")
		got, n := normalizeText(nil, s)
		if string(got) != want || n != utf8.RuneCountInString(want) {
			t.Fatalf("normalizeText(%q) = %q, %d; want %q, %d", s, got, n, want, utf8.RuneCountInString(want))
		}
	})
}
