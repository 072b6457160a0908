package schedule_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/earshot/earshot/internal/schedule"
)

func TestParseRejectsBadSpecs(t *testing.T) {
	for _, spec := range []string{"", "every 5m", "61 * * * *", "@every -1s", "* * * *"} {
		if _, err := schedule.Parse(spec); err == nil {
			t.Errorf("Parse(%q) = nil error, want an error", spec)
		}
	}
	for _, spec := range []string{"@every 15m", "*/5 * * * *", "@hourly", "0 9 * * MON"} {
		if _, err := schedule.Parse(spec); err != nil {
			t.Errorf("Parse(%q) = %v, want ok", spec, err)
		}
	}
	s := schedule.New(schedule.Options{})
	if err := s.Add("feed-a", "bogus", func(context.Context) error { return nil }); err == nil || !strings.Contains(err.Error(), "feed-a") {
		t.Errorf("Add with a bad spec: err = %v, want one naming the job", err)
	}
}

func TestJobsRunOnScheduleAndNeverOverlap(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := schedule.New(schedule.Options{})
		var runs, running, maxRunning atomic.Int32
		err := s.Add("slow", "@every 1m", func(ctx context.Context) error {
			n := running.Add(1)
			if n > maxRunning.Load() {
				maxRunning.Store(n)
			}
			runs.Add(1)
			time.Sleep(150 * time.Second) // longer than the period
			running.Add(-1)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		s.Start()
		time.Sleep(10*time.Minute + time.Second)
		if err := s.Stop(context.Background()); err != nil {
			t.Fatal(err)
		}
		if maxRunning.Load() != 1 {
			t.Errorf("max concurrent runs = %d, want 1", maxRunning.Load())
		}
		// Every minute a run is due; a run takes 2.5 minutes, so runs start at 1, 4, 7, 10.
		if got := runs.Load(); got != 4 {
			t.Errorf("runs = %d, want 4", got)
		}
	})
}

func TestStopWaitsForTheBatchInHand(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := schedule.New(schedule.Options{})
		var finished atomic.Bool
		s.Add("crawl", "@every 1m", func(ctx context.Context) error {
			select {
			case <-time.After(30 * time.Second):
				finished.Store(true)
			case <-ctx.Done():
			}
			return nil
		})
		s.Start()
		time.Sleep(61 * time.Second)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := s.Stop(ctx); err != nil {
			t.Fatalf("Stop = %v, want nil", err)
		}
		if !finished.Load() {
			t.Error("Stop returned before the running job finished")
		}
	})
}

func TestStopCancelsAfterGracePeriod(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := schedule.New(schedule.Options{})
		var cancelled atomic.Bool
		s.Add("stuck", "@every 1m", func(ctx context.Context) error {
			<-ctx.Done()
			cancelled.Store(true)
			return ctx.Err()
		})
		s.Start()
		time.Sleep(61 * time.Second)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err := s.Stop(ctx)
		if !errors.Is(err, context.DeadlineExceeded) || !cancelled.Load() {
			t.Errorf("Stop = %v, cancelled = %v; want DeadlineExceeded and the job cancelled", err, cancelled.Load())
		}
	})
}

func TestJitterDelaysRuns(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := schedule.New(schedule.Options{Jitter: 30 * time.Second, Rand: func(n int64) int64 { return n - 1 }})
		start := time.Now()
		var at atomic.Int64
		s.Add("j", "@every 1m", func(context.Context) error {
			if at.Load() == 0 {
				at.Store(int64(time.Since(start)))
			}
			return nil
		})
		s.Start()
		time.Sleep(2 * time.Minute)
		s.Stop(context.Background())
		if got := time.Duration(at.Load()); got < 89*time.Second || got > 91*time.Second {
			t.Errorf("first run after %v, want about 1m30s (period + jitter)", got)
		}
	})
}

func TestRunNowStartsAtOnceAndStillNeverOverlaps(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := schedule.New(schedule.Options{})
		var runs, running, maxRunning atomic.Int32
		s.Add("crawl", "@every 1h", func(ctx context.Context) error {
			if n := running.Add(1); n > maxRunning.Load() {
				maxRunning.Store(n)
			}
			runs.Add(1)
			time.Sleep(time.Minute)
			running.Add(-1)
			return nil
		})
		s.Start()
		if !s.RunNow("crawl") || s.RunNow("nope") {
			t.Fatal("RunNow should start known jobs only")
		}
		s.RunNow("crawl") // while the first is running: skipped
		time.Sleep(2 * time.Minute)
		if runs.Load() != 1 || maxRunning.Load() != 1 {
			t.Errorf("runs = %d, max concurrent = %d; want 1 and 1 within the first period", runs.Load(), maxRunning.Load())
		}
		s.RunNow("crawl")
		if err := s.Stop(context.Background()); err != nil {
			t.Fatal(err)
		}
		if runs.Load() != 2 || running.Load() != 0 {
			t.Errorf("after Stop: runs %d, running %d; Stop must wait for RunNow's run", runs.Load(), running.Load())
		}
	})
}
