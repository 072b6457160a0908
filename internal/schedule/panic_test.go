package schedule_test

import (
	"context"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/earshot/earshot/internal/schedule"
)

// lockedBuffer is a log sink safe for the scheduler's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// One source whose crawl panics (a parser bug on one odd page) must not take
// every other source, the API and alert delivery down with it: the
// scheduler logs it as that job's failure and keeps every job on schedule.
// The check runs in a child process, so a regression fails this test
// instead of crashing the whole test binary.
func TestPanickingJobDoesNotKillTheService(t *testing.T) {
	if os.Getenv("EARSHOT_SCHEDULE_PANIC_CHILD") == "1" {
		panickingJobChild(t)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestPanickingJobDoesNotKillTheService$", "-test.v")
	cmd.Env = append(os.Environ(), "EARSHOT_SCHEDULE_PANIC_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "survived") {
		first, _, _ := strings.Cut(string(out), "goroutine ")
		t.Errorf("process with one panicking job: err %v, output:\n%s", err, first)
	}
}

func panickingJobChild(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var logs lockedBuffer
		s := schedule.New(schedule.Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
		var good, broken atomic.Int32
		s.Add("crawl broken", "@every 1s", func(context.Context) error {
			broken.Add(1)
			panic("index out of range in some parser")
		})
		s.Add("crawl healthy", "@every 1s", func(context.Context) error { good.Add(1); return nil })
		s.Start()
		time.Sleep(5*time.Second + 500*time.Millisecond)
		if err := s.Stop(context.Background()); err != nil {
			t.Fatal(err)
		}
		// @every 1s runs at 1s, 2s, ... 5s.
		if good.Load() != 5 || broken.Load() != 5 {
			t.Errorf("in 5.5s: healthy job ran %d times, panicking job %d; want 5 each (a panic stops nothing)", good.Load(), broken.Load())
		}
		if n := strings.Count(logs.String(), `msg="job panicked" job="crawl broken"`); n != 5 {
			t.Errorf("%d panics logged as the job's failure, want 5; logs:\n%s", n, logs.String())
		}
	})
	if !t.Failed() {
		t.Log("survived")
	}
}
