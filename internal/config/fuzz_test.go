package config_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/earshot/earshot/internal/config"
)

// FuzzParse feeds arbitrary bytes to Parse: it must never panic, and whatever
// it returns must be consistent (problems carry the file name; an accepted
// config hashes and has no errors among its warnings).
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "bad", "*.yaml"))
	seeds = append(seeds, examplePath)
	for _, path := range seeds {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(minimal))
	f.Add([]byte("a: &a [*a, *a]\nb: *a\n"))
	f.Add([]byte("brands: [{name: x}]\nsources: [{name: s, type: feed, url: 'http://x', schedule: 'TZ=x'}]\n"))
	env := envMap(map[string]string{"SLACK_BOT_TOKEN": "xoxb-fuzz"})
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := config.Parse("fuzz.yaml", data, env)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.yaml") && !strings.Contains(err.Error(), "too large") {
				t.Fatalf("Parse error does not start with the file name: %v", err)
			}
			var ps config.Problems
			if errors.As(err, &ps) && (len(ps.Warnings()) > 0 || !ps.HasErrors()) {
				t.Fatalf("Parse error holds warnings or no errors: %v", ps)
			}
			return
		}
		if c.Hash() == "" {
			t.Fatal("accepted config has an empty Hash")
		}
		if c.Warnings.HasErrors() {
			t.Fatalf("Warnings holds errors: %v", c.Warnings)
		}
	})
}

func BenchmarkLoadExample(b *testing.B) {
	for b.Loop() {
		if _, err := config.Load(examplePath, nil); err != nil {
			b.Fatal(err)
		}
	}
}
