//go:build !unix

package sentiment_test

import (
	"testing"
	"time"
)

// cpuTime is unavailable here: the texts/cpu-s metric is then not reported.
func cpuTime(testing.TB) time.Duration { return 0 }
