package crawler

import (
	"strings"
	"testing"
)

func TestExtractMicrodataTooDeep(t *testing.T) {
	// html.Parse refuses more than 512 open elements; the page yields a warning, not a crash.
	deep := strings.Repeat("<div>", 5000) + "x" + strings.Repeat("</div>", 5000)
	page := `<div itemscope itemtype="http://schema.org/Review"><span itemprop="reviewBody">Fine</span>` + deep + `</div>`
	x := extractMicrodata([]byte(page))
	if len(x.Reviews) != 0 || len(x.Warnings) != 1 || !strings.Contains(x.Warnings[0], "512") {
		t.Errorf("extractMicrodata(deep page) = %+v, want no reviews and the parser's warning", x)
	}
}
