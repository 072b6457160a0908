package sentiment

import (
	"errors"
	"io/fs"
	"path"
	"strings"
	"testing"
	"testing/fstest"
)

// TestEveryLexiconFileLoads reads each embedded file with its own parser and
// checks it opens with a comment naming its source.
func TestEveryLexiconFileLoads(t *testing.T) {
	var a aspectIndex
	err := fs.WalkDir(lexiconFS, "lexicons", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".tsv") {
			return err
		}
		t.Run(p, func(t *testing.T) {
			b, _ := fs.ReadFile(lexiconFS, p)
			if !strings.HasPrefix(string(b), "#") {
				t.Errorf("%s: first line %q, want a comment naming source and licence", p, strings.SplitN(string(b), "\n", 2)[0])
			}
			if strings.HasPrefix(p, "lexicons/"+sharedDir+"/") {
				return
			}
			l := newLexicon(path.Base(path.Dir(p)))
			if err := l.loadFile(lexiconFS, p, &a); err != nil {
				t.Errorf("load %s: %v", p, err)
			}
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := loadShared(lexiconFS); err != nil {
		t.Errorf("loadShared: %v", err)
	}
}

func TestScoredLanguages(t *testing.T) {
	a, err := New(Options{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	for _, want := range []string{"en", "hy", "id", "ms"} {
		if a.langs[want] == nil {
			t.Errorf("Languages() = %v, want %s among them", a.Languages(), want)
		}
	}
}

func TestMalformedLexiconLines(t *testing.T) {
	for name, body := range map[string]string{
		"valence.tsv":    "# src\ngood\t1.5\textra\n",
		"modifiers.tsv":  "# src\nvery\tbooster\tnot-a-number\n",
		"complaints.tsv": "# src\nlost my bag\tsadness\t-2\n",
		"urgency.tsv":    "# src\n?\t3\n",
		"aspects.tsv":    "# src\nprice\n",
		"colours.tsv":    "# src\nred\t1\n",
	} {
		t.Run(name, func(t *testing.T) {
			fsys := fstest.MapFS{"xx/" + name: {Data: []byte(body)}}
			_, err := loadLanguage(fsys, "xx", &aspectIndex{})
			if !errors.Is(err, ErrLexiconFormat) || !strings.Contains(err.Error(), name) {
				t.Errorf("loadLanguage(%s: %q) error = %v, want ErrLexiconFormat naming the file", name, body, err)
			}
		})
	}
	if _, err := loadModel([]byte("ESM1\x01")); !errors.Is(err, ErrModelFormat) {
		t.Errorf("loadModel(truncated) error = %v, want ErrModelFormat", err)
	}
}
