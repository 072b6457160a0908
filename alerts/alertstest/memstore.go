package alertstest

import (
	"cmp"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/earshot/earshot/internal/model"
)

// ErrNotFound is returned for a missing alert or delivery.
var ErrNotFound = errors.New("not found")

// MemStore is an in-memory stand-in for *store.DB's rollups, crawl runs,
// alert state and outbox, with the same contract (EnqueueAlert is
// idempotent on the alert ID; PendingDeliveries are due, unsent, oldest first).
type MemStore struct {
	mu         sync.Mutex
	buckets    map[[2]string]map[time.Time]*model.Bucket
	mentions   []model.Mention
	runs       []model.CrawlRun
	alerts     map[string]model.Alert
	order      []string // alert IDs in enqueue order
	deliveries map[[2]string]model.Delivery
	states     map[string]model.AlertState
	// BucketReads counts Buckets calls, so tests can check detection reads rollups once.
	BucketReads int
}

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore {
	return &MemStore{
		buckets: map[[2]string]map[time.Time]*model.Bucket{}, alerts: map[string]model.Alert{},
		deliveries: map[[2]string]model.Delivery{}, states: map[string]model.AlertState{},
	}
}

// AddBucket adds counts to the bucket of b.Brand, b.Source and b.Hour.
func (s *MemStore) AddBucket(b model.Bucket) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addBucket(b)
}

func (s *MemStore) addBucket(b model.Bucket) {
	key := [2]string{b.Brand, b.Source}
	if s.buckets[key] == nil {
		s.buckets[key] = map[time.Time]*model.Bucket{}
	}
	h := b.Hour.UTC().Truncate(time.Hour)
	cur := s.buckets[key][h]
	if cur == nil {
		cur = &model.Bucket{Brand: b.Brand, Source: b.Source, Hour: h}
		s.buckets[key][h] = cur
	}
	for i := range cur.Counts {
		cur.Counts[i] += b.Counts[i]
	}
	cur.Unscored += b.Unscored
	cur.ScoreSum += b.ScoreSum
	cur.Complaints += b.Complaints
	for a, t := range b.Aspects {
		if cur.Aspects == nil {
			cur.Aspects = map[string]model.AspectTally{}
		}
		c := cur.Aspects[a]
		c.Count += t.Count
		c.Negative += t.Negative
		c.ScoreSum += t.ScoreSum
		cur.Aspects[a] = c
	}
}

// PutMentions stores scored mentions and adds them to the brand rollups
// (all sources, and per source), as the store does.
func (s *MemStore) PutMentions(ms ...model.Mention) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range ms {
		s.mentions = append(s.mentions, m)
		var b model.Bucket
		b.Hour = m.PublishedAt
		if a := m.Analysis; a != nil && a.Scored {
			b.Counts[a.Label.Index()]++
			neg := int64(0)
			if a.Label == model.Negative {
				neg = 1
			}
			for _, as := range a.Aspects {
				if b.Aspects == nil {
					b.Aspects = map[string]model.AspectTally{}
				}
				b.Aspects[as.Aspect] = model.AspectTally{Count: 1, Negative: neg, ScoreSum: as.Score}
			}
		} else {
			b.Unscored++
		}
		for _, brand := range m.Brands {
			for _, src := range []string{"", m.Source} {
				b.Brand, b.Source = brand, src
				s.addBucket(b)
			}
		}
	}
	slices.SortStableFunc(s.mentions, func(a, b model.Mention) int { return a.PublishedAt.Compare(b.PublishedAt) })
}

// AddRuns records crawl runs.
func (s *MemStore) AddRuns(runs ...model.CrawlRun) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.runs = append(s.runs, runs...)
	slices.SortStableFunc(s.runs, func(a, b model.CrawlRun) int { return a.Started.Compare(b.Started) })
}

// Buckets returns the buckets with data in [from, to), ascending.
func (s *MemStore) Buckets(brand, source string, from, to time.Time) ([]model.Bucket, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.BucketReads++
	var out []model.Bucket
	for h, b := range s.buckets[[2]string{brand, source}] {
		if !h.Before(from) && h.Before(to) {
			out = append(out, *b)
		}
	}
	slices.SortFunc(out, func(a, b model.Bucket) int { return a.Hour.Compare(b.Hour) })
	return out, nil
}

// CrawlRuns returns the runs of source ("" = all) started in [from, to].
func (s *MemStore) CrawlRuns(source string, from, to time.Time) ([]model.CrawlRun, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []model.CrawlRun
	for _, r := range s.runs {
		if (source == "" || r.Source == source) && !r.Started.Before(from) && !r.Started.After(to) {
			out = append(out, r)
		}
	}
	return out, nil
}

// EachMention streams brand's mentions published in [from, to), in order.
func (s *MemStore) EachMention(brand string, from, to time.Time, fn func(*model.Mention) error) error {
	s.mu.Lock()
	ms := slices.Clone(s.mentions)
	s.mu.Unlock()
	for i := range ms {
		m := &ms[i]
		if m.HasBrand(brand) && !m.PublishedAt.Before(from) && m.PublishedAt.Before(to) {
			if err := fn(m); err != nil {
				return err
			}
		}
	}
	return nil
}

// AlertState returns the state stored under key.
func (s *MemStore) AlertState(key string) (model.AlertState, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.states[key]
	return st, ok, nil
}

// EnqueueAlert stores a, a pending delivery per channel and state, unless
// an alert with a.ID exists (then it returns false and changes nothing).
func (s *MemStore) EnqueueAlert(a model.Alert, channels []string, state *model.AlertState) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.alerts[a.ID]; dup {
		return false, nil
	}
	s.alerts[a.ID] = a
	s.order = append(s.order, a.ID)
	for _, c := range channels {
		s.deliveries[[2]string{a.ID, c}] = model.Delivery{AlertID: a.ID, Channel: c, NextAttempt: a.CreatedAt}
	}
	if state != nil {
		s.states[state.Key] = *state
	}
	return true, nil
}

// Alert returns the alert with id.
func (s *MemStore) Alert(id string) (model.Alert, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.alerts[id]
	if !ok {
		return model.Alert{}, ErrNotFound
	}
	return a, nil
}

// Alerts returns every stored alert in enqueue order.
func (s *MemStore) Alerts() []model.Alert {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]model.Alert, 0, len(s.order))
	for _, id := range s.order {
		out = append(out, s.alerts[id])
	}
	return out
}

// PendingDeliveries returns unsent deliveries due at now, oldest alert first.
func (s *MemStore) PendingDeliveries(now time.Time, limit int) ([]model.Delivery, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []model.Delivery
	for _, d := range s.deliveries {
		if d.SentAt.IsZero() && !d.NextAttempt.After(now) {
			out = append(out, d)
		}
	}
	pos := map[string]int{}
	for i, id := range s.order {
		pos[id] = i
	}
	slices.SortFunc(out, func(a, b model.Delivery) int {
		return cmp.Or(cmp.Compare(pos[a.AlertID], pos[b.AlertID]), cmp.Compare(a.Channel, b.Channel))
	})
	return out[:min(len(out), limit)], nil
}

// UpdateDelivery replaces the delivery with the same alert and channel.
func (s *MemStore) UpdateDelivery(d model.Delivery) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := [2]string{d.AlertID, d.Channel}
	if _, ok := s.deliveries[key]; !ok {
		return ErrNotFound
	}
	s.deliveries[key] = d
	return nil
}

// Delivery returns the delivery of alertID to channel.
func (s *MemStore) Delivery(alertID, channel string) (model.Delivery, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.deliveries[[2]string{alertID, channel}]
	if !ok {
		return model.Delivery{}, ErrNotFound
	}
	return d, nil
}
