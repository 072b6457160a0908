package langid_test

import (
	"bufio"
	"encoding/json"
	"hash/fnv"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// evalDir holds the project's labelled development files; every line carries a `lang`.
const evalDir = "../../../shared/eval"

// evalRow is the part of a development line this package reads.
type evalRow struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	Lang string `json:"lang"`
}

// heldOut reports whether a row belongs to the 20% never looked at while
// choosing words and weights; the split is a hash of the id, so it is stable.
func heldOut(id string) bool {
	h := fnv.New32a()
	h.Write([]byte(id))
	return h.Sum32()%5 == 0
}

// readEval loads one development file.
func readEval(t *testing.T, name string) []evalRow {
	t.Helper()
	f, err := os.Open(filepath.Join(evalDir, name))
	if err != nil {
		t.Fatalf("open %s: %v", name, err)
	}
	defer f.Close()
	var rows []evalRow
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 1<<22)
	for n := 1; sc.Scan(); n++ {
		var r evalRow
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%s:%d: %v", name, n, err)
		}
		if r.Lang == "" {
			t.Fatalf("%s:%d: no lang", name, n)
		}
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	return rows
}

// tally counts outcomes for one file.
type tally struct {
	n, correct int
	got        map[string]int
}

func (t *tally) add(want, got string) {
	t.n++
	if got == want {
		t.correct++
	}
	t.got[got]++
}

func (t *tally) acc() float64 { return float64(t.correct) / float64(max(t.n, 1)) }

// top lists the most frequent answers, for the log.
func (t *tally) top() []string {
	keys := make([]string, 0, len(t.got))
	for k := range t.got {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return t.got[keys[i]] > t.got[keys[j]] })
	out := []string{}
	for i, k := range keys {
		if i == 5 {
			break
		}
		out = append(out, k+":"+itoa(t.got[k]))
	}
	return out
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
