package store

import (
	"encoding/binary"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/earshot/earshot/internal/model"
)

// Fill factors, measured on 100k generated mentions (bbolt bucket stats):
// buckets whose keys arrive in order pack pages full (by_brand 68 -> 62 and
// by_source 49 -> 45 B/mention at 1.0 vs 0.9). ids, whose keys are in order
// within a source for some sources and random for others, measured on 300k
// mentions: 0.5 (bbolt's default) 104.6, 0.6 92.2, 0.7 85.5, 0.8 83.7,
// 0.9 94.3 B/mention (1.0 was 149 on 100k). With schema-7 ids keys (interned
// "type:" prefix), the whole 1M fixture: 0.7 602.7, 0.8 601.9, 0.9 610.7,
// 1.0 734.3 B/mention. Once the fixture's review-site ids grew with time like
// real ones (fixture v19): 0.8 592.7, 0.9 586.7, 1.0 583.1. 0.8 stays: it
// costs 10 B/mention there but saves more on imports keyed by random ids.
const (
	fillAppend = 1.0
	fillIndex  = 1.0 // per-brand/source ranges append at the end of each range
	fillIDs    = 0.8
)

// arenaChunk is the size of the blocks values are carved from.
const arenaChunk = 64 << 10

// maxPooledBlocks bounds the arena blocks kept between transactions: a
// 1,000-mention batch uses ~10.
const maxPooledBlocks = 32

// writeBufs is a write transaction's reusable memory: the text coder (its
// output buffer; it held a ~100 KiB huff0 scratch before appendHuff4X),
// arena blocks and scratch buffers. A writer
// takes one from DB.bufs and gives it back once its transaction has ended,
// when bbolt no longer holds the values carved from the blocks. Reusing
// them saved ~150 KiB of garbage per batch and the coder's table load.
type writeBufs struct {
	text          *textCoder
	blocks        [][]byte
	norm, scratch []byte
}

// writer is one PutBatch transaction in progress. Values handed to bbolt
// must stay valid until commit (it copies keys), so they are carved from arena, which is
// only ever appended to: when a record outgrows the current block, append
// moves it to a new one and the earlier slices keep the old block alive.
type writer struct {
	bufs *writeBufs
	used [][]byte // arena blocks filled in this transaction

	mentions, ids, byBrand, bySource *bolt.Bucket
	rollups, counters                *bolt.Bucket

	arena   []byte
	norm    []byte
	scratch []byte // short-lived lookup keys
	pending map[rollupKey]*model.Bucket
	counts  map[counterKey]int64
	res     PutResult

	text     *textCoder
	dict     *dict                // the transaction's interned names
	syn      *synIndex            // hashes of stored texts; read-only until commit
	synAdded map[uint64][]synCand // hashes of this batch's new texts
	eligible [][mkeyLen]byte      // syndicate's scratch: merge targets to try
}

type rollupKey struct {
	brand, source string
	hour          uint32
}

// newWriter starts a writer on tx with bufs from getBufs; the caller hands
// them back with release after the transaction.
func newWriter(tx *bolt.Tx, syn *synIndex, bufs *writeBufs) *writer {
	w := &writer{
		bufs:     bufs,
		mentions: tx.Bucket(bucketMentions), ids: tx.Bucket(bucketIDs),
		byBrand: tx.Bucket(bucketByBrand), bySource: tx.Bucket(bucketBySource),
		rollups: tx.Bucket(bucketRollups), counters: tx.Bucket(bucketCounters),
		text: bufs.text, norm: bufs.norm, scratch: bufs.scratch, dict: txDict(tx),
		pending: make(map[rollupKey]*model.Bucket),
		counts:  make(map[counterKey]int64),
		syn:     syn, synAdded: make(map[uint64][]synCand),
	}
	w.mentions.FillPercent = fillAppend
	w.byBrand.FillPercent = fillIndex
	w.bySource.FillPercent = fillIndex
	w.ids.FillPercent = fillIDs
	w.arena = w.block()
	return w
}

// getBufs takes a writeBufs from db's pool, or makes one.
func (db *DB) getBufs() *writeBufs {
	if b, ok := db.bufs.Get().(*writeBufs); ok {
		return b
	}
	return &writeBufs{text: newTextCoder()}
}

// block returns an empty arena block, a pooled one if there is one.
func (w *writer) block() []byte {
	if n := len(w.bufs.blocks); n > 0 {
		b := w.bufs.blocks[n-1][:0]
		w.bufs.blocks = w.bufs.blocks[:n-1]
		return b
	}
	return make([]byte, 0, arenaChunk)
}

// release returns the writer's buffers to db's pool. Call it only after the
// transaction has committed or rolled back: bbolt keeps the values until then.
func (w *writer) release(db *DB) {
	b := w.bufs
	for _, blk := range append(w.used, w.arena) {
		if cap(blk) == arenaChunk && len(b.blocks) < maxPooledBlocks {
			b.blocks = append(b.blocks, blk[:0])
		}
	}
	b.norm, b.scratch = w.norm[:0], w.scratch[:0]
	w.bufs, w.used, w.arena = nil, nil, nil
	db.bufs.Put(b)
}

// alloc appends to the arena through fn and returns the appended bytes.
func (w *writer) alloc(fn func([]byte) []byte) []byte {
	if len(w.arena) > arenaChunk*3/4 {
		w.used = append(w.used, w.arena)
		w.arena = w.block() // start a block rather than copying a big one
	}
	start := len(w.arena)
	w.arena = fn(w.arena)
	return w.arena[start:len(w.arena):len(w.arena)]
}

// put stores a mention whose id is not stored (see duplicates): merged into
// a syndicated copy, or inserted.
func (w *writer) put(m *model.Mention) error {
	h, indexText, merged, err := w.syndicate(m)
	if err != nil || merged {
		return err
	}
	return w.insert(m, h, indexText)
}

// insert stores a mention that is neither a duplicate nor a syndicated copy;
// with indexText, its text hash h goes into the syndication index.
func (w *writer) insert(m *model.Mention, h uint64, indexText bool) error {
	seq, err := w.mentions.NextSequence()
	if err != nil {
		return err
	}
	key := w.alloc(func(b []byte) []byte { return appendMentionKey(b, m.PublishedAt, seq) })
	if err := w.mentions.Put(key, w.alloc(func(b []byte) []byte { return encodeMention(b, m, w.text, w.dict) })); err != nil {
		return err
	}
	if err := w.ids.Put(w.idKey(m.ID), w.alloc(func(b []byte) []byte { return appendIDValue(b, key) })); err != nil {
		return err
	}
	var hash []byte // the by_source value: the text hash, for long texts
	if indexText {
		hash = w.alloc(func(b []byte) []byte { return binary.BigEndian.AppendUint64(b, h) })
		w.synAdded[h] = append(w.synAdded[h], synCand{[mkeyLen]byte(key), w.dict.lookup(m.Source)})
	}
	if err := w.index(m, key, hash); err != nil {
		return err
	}
	w.count(m)
	w.res.New++
	w.res.NewIDs = append(w.res.NewIDs, m.ID)
	return nil
}

// index writes m's by_source entry (with hash as its value) and by_brand entries.
func (w *writer) index(m *model.Mention, key, hash []byte) error {
	if err := w.bySource.Put(w.indexKey(m.Source, key), hash); err != nil {
		return err
	}
	for i, brand := range m.Brands {
		if slices.Contains(m.Brands[:i], brand) {
			continue
		}
		if err := w.indexBrand(brand, key); err != nil {
			return err
		}
	}
	return nil
}

func (w *writer) indexBrand(brand string, key []byte) error {
	return w.byBrand.Put(w.indexKey(brand, key), nil)
}

// indexKey builds the by_brand or by_source key of name for the mention at
// key in scratch. bbolt's Put copies keys (values it keeps until commit, so
// those come from the arena), and building keys in one reused buffer saves
// ~90 arena bytes per mention.
func (w *writer) indexKey(name string, key []byte) []byte {
	w.scratch = append(appendIndexName(w.scratch[:0], w.dict, name, true), key...)
	return w.scratch
}

// idKey builds id's ids key in scratch (see indexKey).
func (w *writer) idKey(id string) []byte {
	w.scratch = appendIDKey(w.scratch[:0], w.dict, id, true)
	return w.scratch
}

// count adds a new mention to the pending rollups and counters.
func (w *writer) count(m *model.Mention) {
	w.tally(m, 1)
	for i, brand := range m.Brands {
		if !slices.Contains(m.Brands[:i], brand) {
			w.counts[counterKey{kindBrand, brand}]++
		}
	}
	w.counts[counterKey{kindTotal, ""}]++
	w.counts[counterKey{kindSource, m.Source}]++
}

// tally adds (sign 1) or removes (sign -1) the analysis-dependent counts of m:
// its rollups, label and language.
func (w *writer) tally(m *model.Mention, sign int64) {
	for i, brand := range m.Brands {
		if !slices.Contains(m.Brands[:i], brand) {
			w.tallyBrand(m, brand, sign)
		}
	}
	w.counts[counterKey{kindLang, mentionLang(m)}] += sign
	if a := m.Analysis; a != nil && a.Scored && a.Label.Index() >= 0 {
		w.counts[counterKey{kindLabel, string(a.Label)}] += sign
	} else {
		w.counts[counterKey{kindUnscored, ""}] += sign
	}
}

// tallyBrand adds (or removes) m in brand's rollups: all sources and m's own.
func (w *writer) tallyBrand(m *model.Mention, brand string, sign int64) {
	h := hourNum(m.PublishedAt)
	tally(w.bucket(rollupKey{brand, "", h}), m, sign)
	tally(w.bucket(rollupKey{brand, m.Source, h}), m, sign)
}

func (w *writer) bucket(k rollupKey) *model.Bucket {
	b := w.pending[k]
	if b == nil {
		b = &model.Bucket{}
		w.pending[k] = b
	}
	return b
}

// flush adds the batch's rollups and counters to the stored ones, in key order.
func (w *writer) flush() error {
	if w.dict.err != nil {
		return w.dict.err
	}
	keys := make([]rollupKey, 0, len(w.pending))
	for k := range w.pending {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, compareRollupKeys)
	for _, k := range keys {
		if err := w.flushRollup(k, w.pending[k]); err != nil {
			return err
		}
	}
	return flushCounters(w.counters, w.counts)
}

func (w *writer) flushRollup(k rollupKey, add *model.Bucket) error {
	key := binary.BigEndian.AppendUint32(rollupPrefix(k.brand, k.source), k.hour)
	if old := w.rollups.Get(key); old != nil {
		var stored model.Bucket
		if err := decodeBucket(old, &stored); err != nil {
			return err
		}
		mergeBucket(add, &stored)
	}
	return w.rollups.Put(key, w.alloc(func(b []byte) []byte { return encodeBucket(b, add) }))
}

func compareRollupKeys(a, b rollupKey) int {
	if a.brand != b.brand {
		return compareNames(a.brand, b.brand)
	}
	if a.source != b.source {
		return compareNames(a.source, b.source)
	}
	return int(int64(a.hour) - int64(b.hour))
}

// compareNames orders names like appendName's keys: by length, then bytes.
func compareNames(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	if a < b {
		return -1
	}
	if a > b {
		return 1
	}
	return 0
}

// mentionLang is the mention's language, from the crawler or else the analysis.
func mentionLang(m *model.Mention) string {
	if m.Lang == "" && m.Analysis != nil {
		return m.Analysis.Lang
	}
	return m.Lang
}
