package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/mentionio"
	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/sentiment"
	"github.com/earshot/earshot/store"
)

// batchCounter records the size of every batch it is asked to store.
type batchCounter struct{ sizes []int }

func (b *batchCounter) PutMentions(ms []model.Mention) (store.PutResult, error) {
	b.sizes = append(b.sizes, len(ms))
	return store.PutResult{New: len(ms)}, nil
}

// An import writes one transaction per importBatch rows (a crash loses at
// most one batch), and the last, partial batch too.
func TestImportWritesBatchesOfAThousand(t *testing.T) {
	var in strings.Builder
	for i := range 2500 {
		fmt.Fprintf(&in, `{"id":"m%d","source":"s","brand":"Acme","text":"fine","published_at":"2026-11-01T10:00:00Z","label":"neutral","score":0}`+"\n", i)
	}
	rd, err := mentionio.NewReader(strings.NewReader(in.String()), mentionio.ReadOptions{Format: mentionio.JSONL})
	if err != nil {
		t.Fatal(err)
	}
	an, err := sentiment.New(sentiment.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var put batchCounter
	env := Env{Stderr: io.Discard}
	st, err := importRows(context.Background(), env, rd, &put, an, nil, "in.jsonl", false)
	if err != nil || st.stored != 2500 || !slices.Equal(put.sizes, []int{1000, 1000, 500}) {
		t.Errorf("import of 2,500 rows: stored %d, %v, batches %v; want batches of 1000, 1000, 500", st.stored, err, put.sizes)
	}
}

// On a terminal the import draws its progress bar on the command's stderr.
func TestImportProgressBarOnATerminal(t *testing.T) {
	var errb bytes.Buffer
	env := Env{Stderr: &errb, IsTerminal: func(io.Writer) bool { return true }, Now: time.Now}
	bar := newProgress(env, 1000)
	bar.Add(1000)
	bar.Finish()
	if out := errb.String(); !strings.Contains(out, "importing") || !strings.Contains(out, "100%") {
		t.Errorf("progress on a terminal = %q; want the bar drawn to 100%%", out)
	}
	errb.Reset()
	env.IsTerminal = func(io.Writer) bool { return false }
	quiet := newProgress(env, 1000)
	quiet.Add(1000)
	quiet.Finish()
	if errb.Len() != 0 {
		t.Errorf("progress without a terminal wrote %q; want nothing", errb.String())
	}
}
