package query

// vocab numbers the exact words of one or more compiled queries, so that a
// text is looked up once per word and queries then test small integers.
type vocab struct {
	ids   map[string]int32
	lens  uint64    // bit l is set when some word is l bytes long (63 stands for >= 63)
	first [4]uint64 // bit b is set when some word starts with byte b
}

func newVocab() *vocab { return &vocab{ids: map[string]int32{}} }

// add returns the id of w, numbering it when new.
func (v *vocab) add(w string) int32 {
	if id, ok := v.ids[w]; ok {
		return id
	}
	id := int32(len(v.ids))
	v.ids[w] = id
	v.lens |= 1 << min(len(w), 63)
	v.first[w[0]>>6] |= 1 << (w[0] & 63)
	return id
}

// lookup returns the id of the folded word b, or -1. The length and first-byte
// filters skip the map for most words of a text, which keeps Match cheap.
func (v *vocab) lookup(b []byte) int32 {
	if v.lens&(1<<min(len(b), 63)) == 0 || v.first[b[0]>>6]&(1<<(b[0]&63)) == 0 {
		return -1
	}
	if id, ok := v.ids[string(b)]; ok {
		return id
	}
	return -1
}

// size is the number of distinct words.
func (v *vocab) size() int { return len(v.ids) }

// doc is a text tokenised once for every query evaluated against it.
type doc struct {
	tokenizer
	ids     []int32  // vocabulary id of each word, -1 when no query has that word
	present []uint64 // bit set of the ids that occur
}

// maxPooledBytes bounds what a pooled doc keeps between calls, so one huge
// text does not pin its buffers for the life of the process.
const maxPooledBytes = 64 << 10

// load tokenises text and resolves every word against v.
func (d *doc) load(text string, v *vocab) {
	d.buf, d.words, d.ids = d.buf[:0], d.words[:0], d.ids[:0]
	d.inWord = false
	n := (v.size() + 63) / 64
	d.present = append(d.present[:0], make([]uint64, n)...)
	d.run(text)
	for _, w := range d.words {
		id := v.lookup(d.buf[w.start:w.end])
		d.ids = append(d.ids, id)
		if id >= 0 {
			d.present[id>>6] |= 1 << (id & 63)
		}
	}
}

// reusable reports whether d is small enough to go back to a pool.
func (d *doc) reusable() bool { return cap(d.buf) <= maxPooledBytes }

// has reports whether the word with this id occurs.
func (d *doc) has(id int32) bool { return id >= 0 && d.present[id>>6]&(1<<(id&63)) != 0 }

// word returns the i-th folded word.
func (d *doc) word(i int) []byte { w := d.words[i]; return d.buf[w.start:w.end] }
