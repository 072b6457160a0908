package schedule_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/schedule"
)

// One source whose crawl panics (a parser bug on one odd page) must not take
// every other source, the API and alert delivery down with it: the
// scheduler should log it as that job's failure, like an error.
func TestPanickingJobDoesNotKillTheService(t *testing.T) {
	if os.Getenv("EARSHOT_SCHEDULE_PANIC_CHILD") == "1" {
		s := schedule.New(schedule.Options{})
		var good atomic.Int32
		s.Add("crawl broken", "@every 1s", func(context.Context) error { panic("index out of range in some parser") })
		s.Add("crawl healthy", "@every 1s", func(context.Context) error { good.Add(1); return nil })
		s.Start()
		s.RunNow("crawl healthy")
		s.RunNow("crawl broken")
		time.Sleep(2500 * time.Millisecond)
		s.Stop(context.Background())
		fmt.Printf("survived; healthy runs: %d\n", good.Load())
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
