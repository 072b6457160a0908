// Package schedule runs jobs on cron schedules (robfig/cron v3, including
// @every). Each job gets a context, never runs twice at once, starts with a
// random jitter so many sources on one schedule do not hit the network
// together, and Stop lets running jobs finish their batch before it cancels them.
package schedule

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
)

// Job is one unit of scheduled work. Its error is logged by the scheduler.
type Job func(ctx context.Context) error

// Options configure a Scheduler.
type Options struct {
	Logger *slog.Logger
	// Jitter is the maximum random delay before each run.
	Jitter time.Duration
	// Rand returns a uniform value in [0, n); nil uses math/rand/v2.
	Rand func(n int64) int64
}

// Scheduler runs named jobs on schedules.
type Scheduler struct {
	cron   *cron.Cron
	logger *slog.Logger
	jitter time.Duration
	rand   func(int64) int64

	ctx    context.Context // cancelled when Stop gives up waiting
	cancel context.CancelFunc
	// stopping closes when Stop is called: a run still waiting out its
	// jitter then starts nothing (only runs already going get the grace).
	stopping chan struct{}
	stopOnce sync.Once

	mu      sync.Mutex
	jobs    map[string]func() // name -> the job as cron runs it (jitter, no overlap)
	started sync.WaitGroup    // runs started by RunNow, which cron does not track
}

// newParser accepts standard 5-field cron expressions and descriptors (@hourly, @every 15m).
func newParser() cron.Parser {
	return cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)
}

// Parse checks a schedule expression. Unlike robfig/cron, it refuses an @every
// shorter than a second (cron silently rounds it up, hiding a typo like -1s).
func Parse(spec string) (cron.Schedule, error) {
	if rest, ok := strings.CutPrefix(strings.TrimSpace(spec), "@every "); ok {
		d, err := time.ParseDuration(strings.TrimSpace(rest))
		if err != nil {
			return nil, fmt.Errorf("@every %s: %w", rest, err)
		}
		if d < time.Second {
			return nil, fmt.Errorf("@every %s: the interval must be at least 1s", rest)
		}
	}
	return newParser().Parse(spec)
}

// New makes a stopped Scheduler.
func New(o Options) *Scheduler {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Rand == nil {
		o.Rand = rand.Int64N
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Scheduler{
		cron:   cron.New(cron.WithParser(newParser()), cron.WithLocation(time.UTC)),
		logger: o.Logger, jitter: o.Jitter, rand: o.Rand, ctx: ctx, cancel: cancel, jobs: map[string]func(){},
		stopping: make(chan struct{}),
	}
}

// Add schedules job under name. A run that comes due while the previous run of
// the same job is still going is skipped (and logged), never stacked.
func (s *Scheduler) Add(name, spec string, job Job) error {
	sched, err := Parse(spec)
	if err != nil {
		return fmt.Errorf("schedule %s: %q: %w", name, spec, err)
	}
	var running sync.Mutex
	wrapped := func() {
		if !running.TryLock() {
			s.logger.Warn("previous run still going; skipping this one", "job", name)
			return
		}
		defer running.Unlock()
		s.run(name, job)
	}
	s.mu.Lock()
	s.jobs[name] = wrapped
	s.mu.Unlock()
	s.cron.Schedule(sched, cron.FuncJob(wrapped))
	return nil
}

// RunNow starts one run of the named job in the background, with the same
// jitter and no-overlap rule as scheduled runs, so a service that just started
// does not wait a whole period for its first crawl. It reports whether the job exists.
func (s *Scheduler) RunNow(name string) bool {
	s.mu.Lock()
	job, ok := s.jobs[name]
	s.mu.Unlock()
	if !ok || s.isStopping() {
		return false
	}
	s.started.Add(1)
	go func() {
		defer s.started.Done()
		job()
	}()
	return true
}

func (s *Scheduler) isStopping() bool {
	select {
	case <-s.stopping:
		return true
	default:
		return false
	}
}

// run runs job once after its jitter. A panic is the job's failure, logged
// with its stack: one source's bug must not stop the others, the API and
// alert delivery.
func (s *Scheduler) run(name string, job Job) {
	if s.jitter > 0 {
		d := time.Duration(s.rand(int64(s.jitter)))
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-s.stopping:
			t.Stop()
			return
		}
	}
	start := time.Now()
	defer func() {
		if r := recover(); r != nil {
			s.logger.Error("job panicked", "job", name, "panic", fmt.Sprint(r), "stack", string(debug.Stack()), "duration", time.Since(start))
		}
	}()
	if err := job(s.ctx); err != nil {
		s.logger.Error("job failed", "job", name, "err", err, "duration", time.Since(start))
		return
	}
	s.logger.Debug("job done", "job", name, "duration", time.Since(start))
}

// Start begins running jobs on their schedules.
func (s *Scheduler) Start() { s.cron.Start() }

// Stop stops scheduling new runs, drops runs still waiting out their jitter,
// and waits for running jobs to finish their batch. When ctx ends first, running jobs' contexts are cancelled and Stop
// waits for them to return before it reports ctx's error.
func (s *Scheduler) Stop(ctx context.Context) error {
	s.stopOnce.Do(func() { close(s.stopping) })
	cronDone := s.cron.Stop().Done()
	jobsDone := make(chan struct{})
	go func() {
		<-cronDone
		s.started.Wait()
		close(jobsDone)
	}()
	select {
	case <-jobsDone:
		s.cancel()
		return nil
	case <-ctx.Done():
		s.cancel()
		<-jobsDone
		return fmt.Errorf("stop scheduler: running jobs cancelled after the grace period: %w", ctx.Err())
	}
}
