package langid

import (
	"fmt"
	"os"
	"testing"
)

func TestZZDbg(t *testing.T) {
	s := os.Getenv("DBG")
	if s == "" {
		t.Skip()
	}
	d := New()
	var st state
	d.scan(s, &st)
	for i, l := range d.langs {
		if st.score[i] > 0 {
			fmt.Printf("%s=%.1f ", l, st.score[i])
		}
	}
	fmt.Println(st.words, d.decide(&st))
	fmt.Println(len(d.words.lookup(wordKey("when"))), len(d.trigrams.lookup(trigramKey(' ', 't', 'h'))))
}
