package store_test

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/store"
)

// Benchmarks over a 1M-mention fixture. The fixture is built once per machine
// (the first benchmark that needs it takes a minute or so) and cached in
// os.TempDir() under a name carrying fixtureVersion: bump it when the record
// format or the generator changes. Normal tests never build it.
const (
	fixtureVersion  = 20
	fixtureMentions = 1_000_000
	// 1M mentions over 30 days, as in the baseline: a week holds
	// ~233k of them, ~1,389 an hour.
	fixtureStep  = 2592 * time.Millisecond
	benchTextLen = 450
	benchBatch   = 1000
)

var (
	fixtureOnce sync.Once
	fixturePath string
	fixtureErr  error
)

// openFixture opens the shared 1M-mention store read-only.
func openFixture(b *testing.B) *store.DB {
	b.Helper()
	fixtureOnce.Do(func() { fixturePath, fixtureErr = buildFixture(b) })
	if fixtureErr != nil {
		b.Fatalf("build fixture: %v", fixtureErr)
	}
	db, err := store.Open(fixturePath, store.Options{ReadOnly: true, Timeout: 5 * time.Second})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

func buildFixture(b *testing.B) (string, error) {
	path := filepath.Join(os.TempDir(), fmt.Sprintf("earshot-store-bench-v%d-%d.db", fixtureVersion, fixtureMentions))
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	tmp := path + ".building"
	os.Remove(tmp)
	db, err := store.Open(tmp, store.Options{})
	if err != nil {
		return "", err
	}
	g := &gen{reviews: loadReviews(b)}
	start := time.Now()
	for n := 0; n < fixtureMentions; n += benchBatch {
		if _, err := db.PutMentions(benchBatchAt(g, n)); err != nil {
			db.Close()
			return "", err
		}
	}
	b.Logf("built %d-mention fixture in %v", fixtureMentions, time.Since(start))
	if err := db.Close(); err != nil {
		return "", err
	}
	return path, os.Rename(tmp, path)
}

// benchBatchAt returns mentions n..n+benchBatch of the fixture's timeline.
func benchBatchAt(g *gen, n int) []model.Mention {
	ms := make([]model.Mention, benchBatch)
	for i := range ms {
		ms[i] = g.mention(n+i, base.Add(time.Duration(n+i)*fixtureStep), benchTextLen)
	}
	return ms
}

// BenchmarkStorePut writes batches of 1,000 realistic mentions (indexes,
// rollups and syndication lookups included) into a store that grows as it
// runs. Besides wall-clock mentions/s it reports the process CPU time per
// mention, which is less distorted when other work shares the machine.
func BenchmarkStorePut(b *testing.B) { benchPut(b, nil) }

// BenchmarkStorePutRandomIDs is the worst case for the ids index: every id
// is random (sourceID's ids grow with time within each source). Each insert
// then rewrites a page of the ids index of its own.
func BenchmarkStorePutRandomIDs(b *testing.B) {
	benchPut(b, func(m *model.Mention, i int) { m.ID = randomID(i) })
}

// benchPut runs BenchmarkStorePut, with edit (if not nil) applied to each
// mention and its number in the timeline.
func benchPut(b *testing.B, edit func(*model.Mention, int)) {
	db := MustOpen(b)
	g := &gen{reviews: loadReviews(b)}
	var batches [][]model.Mention
	var cpu time.Duration
	n := 0
	written := store.PageBytesWritten(db)
	for b.Loop() {
		if len(batches) == 0 { // generate ahead, outside the timer
			b.StopTimer()
			for range 50 {
				batch := benchBatchAt(g, n)
				if edit != nil {
					for i := range batch {
						edit(&batch[i], n+i)
					}
				}
				batches = append(batches, batch)
				n += benchBatch
			}
			b.StartTimer()
		}
		before := cpuTime()
		if res, err := db.PutMentions(batches[0]); err != nil || res.New != benchBatch {
			b.Fatalf("PutMentions = %+v, %v", res, err)
		}
		cpu += cpuTime() - before
		batches = batches[1:]
	}
	b.ReportMetric(float64(b.N*benchBatch)/b.Elapsed().Seconds(), "mentions/s")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N*benchBatch)/1e3, "cpu-µs/mention")
	b.ReportMetric(float64(store.PageBytesWritten(db)-written)/float64(b.N*benchBatch), "written-B/mention")
}

// cpuTime is the user+system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func weekRange() (time.Time, time.Time) {
	from := base.Add(14 * 24 * time.Hour) // the third of the fixture's four weeks and two days
	return from, from.Add(7 * 24 * time.Hour)
}

func benchScan(b *testing.B, q store.Query) {
	db := openFixture(b)
	var n, textBytes int
	for b.Loop() {
		n, textBytes = 0, 0
		err := db.EachMention(q, func(m *model.Mention) error {
			textBytes += len(m.Text) // use the decoded record
			n++
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n), "mentions/op")
	b.ReportMetric(float64(textBytes)/float64(max(n, 1)), "text-B/mention")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(max(n, 1)), "ns/mention")
}

// BenchmarkQueryWeek decodes every mention of one week of the 1M fixture.
func BenchmarkQueryWeek(b *testing.B) {
	from, to := weekRange()
	benchScan(b, store.Query{Since: from, Until: to})
}

// BenchmarkQueryWeekBrand is the same week through the brand index.
func BenchmarkQueryWeekBrand(b *testing.B) {
	from, to := weekRange()
	benchScan(b, store.Query{Brand: "acme", Since: from, Until: to})
}

// BenchmarkQueryAll decodes all 1M mentions.
func BenchmarkQueryAll(b *testing.B) { benchScan(b, store.Query{}) }

// BenchmarkQueryPage is one dashboard page: the newest 50 negative mentions of a brand.
func BenchmarkQueryPage(b *testing.B) {
	db := openFixture(b)
	for b.Loop() {
		if p, err := db.Mentions(store.Query{Brand: "globex", Label: model.Negative, Limit: 50, Desc: true}); err != nil || len(p.Mentions) != 50 {
			b.Fatalf("Mentions = %d, %v", len(p.Mentions), err)
		}
	}
}

// BenchmarkBucketsWeek reads one brand's hourly series for a week.
func BenchmarkBucketsWeek(b *testing.B) {
	db := openFixture(b)
	from, to := weekRange()
	for b.Loop() {
		if bs, err := db.Buckets("acme", "", from, to); err != nil || len(bs) != 168 {
			b.Fatalf("Buckets = %d hours, %v; want 168", len(bs), err)
		}
	}
}

// BenchmarkMentionByID looks up random stored ids.
func BenchmarkMentionByID(b *testing.B) {
	db := openFixture(b)
	rng := rand.New(rand.NewPCG(1, 2))
	ids := make([]string, 4096)
	for i := range ids {
		n := rng.IntN(fixtureMentions)
		ids[i] = sourceID(genSources[n%len(genSources)], n)
	}
	i := 0
	for b.Loop() {
		if _, err := db.Mention(ids[i%len(ids)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkStats reads the counters and reports the file's bytes per mention.
func BenchmarkStats(b *testing.B) {
	db := openFixture(b)
	var s store.Stats
	for b.Loop() {
		var err error
		if s, err = db.Stats(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(s.FileBytes)/float64(s.Mentions), "B/mention")
	if st, err := os.Stat(db.Path()); err == nil { // with bbolt's room to grow
		b.ReportMetric(float64(st.Size())/float64(s.Mentions), "disk-B/mention")
	}
	b.ReportMetric(float64(s.FileBytes)/(1<<20), "MiB")
}

// BenchmarkBoltBaselinePut is the floor under BenchmarkStorePut on this
// machine: bare bbolt, 1,000 records of ~750 bytes per transaction under
// time-ordered keys in one bucket, no indexes. Compare the two on the same run.
func BenchmarkBoltBaselinePut(b *testing.B) {
	bdb, err := bolt.Open(filepath.Join(b.TempDir(), "baseline.db"), 0o600, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer bdb.Close()
	val := make([]byte, 750)
	var seq uint64
	start := cpuTime()
	for b.Loop() {
		err := bdb.Update(func(tx *bolt.Tx) error {
			bk, err := tx.CreateBucketIfNotExists([]byte("m"))
			if err != nil {
				return err
			}
			bk.FillPercent = 1.0
			for range benchBatch {
				seq++
				if err := bk.Put(binary.BigEndian.AppendUint64(nil, seq), val); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*benchBatch)/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(float64((cpuTime()-start).Nanoseconds())/float64(b.N*benchBatch)/1e3, "cpu-µs/record")
}

// BenchmarkStorePutRepeatedText puts batches of 200 copies of one long text
// from one source (a bot's boilerplate reply that names the brand) into a
// store already holding 4,000 of them. Copies from the same source are never
// merged, so each must be passed over without decoding the stored ones.
func BenchmarkStorePutRepeatedText(b *testing.B) {
	db := MustOpen(b)
	const text = "I am a bot, and this action was performed automatically. Please contact the moderators of this subreddit about Acme if you have any questions."
	n := 0
	batch := func() []model.Mention {
		ms := make([]model.Mention, 200)
		for i := range ms {
			ms[i] = model.Mention{ID: fmt.Sprintf("reddit:t1_%d", n), Source: "reddit", Brands: []string{"acme"}, Text: text,
				PublishedAt: base.Add(time.Duration(n) * 10 * time.Second)}
			n++
		}
		return ms
	}
	for range 20 {
		if _, err := db.PutMentions(batch()); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		b.StopTimer()
		ms := batch()
		b.StartTimer()
		if res, err := db.PutMentions(ms); err != nil || res.New != len(ms) {
			b.Fatalf("PutMentions = %+v, %v; want every copy stored", res, err)
		}
	}
}
