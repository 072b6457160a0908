package schedule_test

import (
	"context"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/earshot/earshot/internal/schedule"
)

// A run still waiting out its jitter when Stop is called has no batch in hand:
// it must not start crawling after the stop was asked for, nor hold Stop up.
func TestStopDuringJitterStartsNoNewRun(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := schedule.New(schedule.Options{Jitter: 30 * time.Second, Rand: func(n int64) int64 { return n - 1 }})
		var ran atomic.Bool
		s.Add("crawl feed", "@every 30m", func(ctx context.Context) error {
			ran.Store(true)
			return nil
		})
		s.Start()
		s.RunNow("crawl feed")                                                   // what app.Run does at start-up
		time.Sleep(time.Second)                                                  // Ctrl-C one second later
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second) // app's stopGrace
		defer cancel()
		start := time.Now()
		err := s.Stop(ctx)
		took := time.Since(start)
		if ran.Load() || took > time.Second {
			t.Errorf("Stop during jitter: job started after Stop = %v, Stop took %v (err %v); want no run and a prompt return", ran.Load(), took, err)
		}
	})
}
