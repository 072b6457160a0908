package alerts

import (
	"fmt"
	"time"

	"github.com/earshot/earshot/internal/model"
)

// settleAfter is how old an hour must be before its rollup is cached between
// evaluations: late crawls and retries land within a day or two.
const settleAfter = 48 * time.Hour

// bucketCache keeps the settled part of each scope's history between
// evaluations, so `earshot run` re-reads two days of rollups every few
// minutes instead of four weeks. Everything is reloaded every refresh (and
// when the clock moves back), which bounds how long an import of old data
// can go unseen by the baselines.
type bucketCache struct {
	from, settled time.Time // cached hours are in [from, settled)
	loaded        time.Time // evaluation time of the last full load
	buckets       map[[2]string][]model.Bucket
}

// prepare makes the cache valid for an evaluation at at reading from from.
func (c *bucketCache) prepare(at, from time.Time, refresh time.Duration) {
	if c.buckets != nil && !at.Before(c.loaded) && at.Sub(c.loaded) < refresh && !from.Before(c.from) {
		return
	}
	c.from, c.loaded = from, at
	c.settled = at.Truncate(time.Hour).Add(-settleAfter)
	c.buckets = map[[2]string][]model.Bucket{}
}

// read returns the buckets of brand and source in [s.from, s.to): the
// settled part from the cache (reading it once), the rest from the store.
func (c *bucketCache) read(h History, brand, source string, to time.Time) ([]model.Bucket, error) {
	key := [2]string{brand, source}
	old, ok := c.buckets[key]
	if !ok {
		var err error
		old, err = h.Buckets(brand, source, c.from, c.settled)
		if err != nil {
			return nil, fmt.Errorf("read rollups of %s/%s: %w", brand, source, err)
		}
		c.buckets[key] = old
	}
	recent, err := h.Buckets(brand, source, c.settled, to)
	if err != nil {
		return nil, fmt.Errorf("read rollups of %s/%s: %w", brand, source, err)
	}
	// Appending in place reuses the backing array between evaluations; the
	// previous evaluation's slice is dead by now (evaluations are serialised).
	all := append(old, recent...)
	c.buckets[key] = all[:len(old)]
	return all, nil
}
