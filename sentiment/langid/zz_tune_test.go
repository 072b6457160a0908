package langid_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/earshot/earshot/sentiment/langid"
)

func TestZZDump(t *testing.T) {
	files := strings.Split(os.Getenv("DUMP"), ",")
	if os.Getenv("DUMP") == "" {
		t.Skip()
	}
	d := langid.New()
	for _, f := range files {
		for _, r := range readEval(t, f) {
			if heldOut(r.ID) || strings.Contains(f, "valid") || strings.Contains(f, "airline") || strings.Contains(f, "hy-") {
				continue
			}
			res := d.Detect(r.Text)
			if res.Lang != r.Lang {
				fmt.Printf("%s\t%s\t%.2f\t%s\n", r.Lang, res.Lang, res.Confidence, r.Text)
			}
		}
	}
}
