// Command train fits the sentiment model's weights (sentiment/model.bin) on
// the permissively licensed development files only, reproducibly:
//
//	go run ./sentiment/internal/train -eval ../shared/eval -out sentiment/model.bin
//
// It keeps a deterministic 20% of every file (by a hash of the line id) out of
// training and prints the held-out figures per file. Evaluation-only files
// (the airline and Armenian sets, CC BY-NC) are refused by name.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/earshot/earshot/sentiment"
)

// trainFiles are the files whose licences allow training (MIT, Apache-2.0).
var trainFiles = []string{
	"en-uci-amazon.jsonl", "en-uci-imdb.jsonl", "en-uci-yelp.jsonl", // MIT (npm sentiment)
	"en-vader-tweets.jsonl", "en-vader-movieReviewSnippets.jsonl", // MIT (vaderSentiment)
	"en-nusax-train.jsonl", "id-nusax-train.jsonl", // Apache-2.0 (NusaX)
	"ms-twitter-politics.jsonl", "ms-uci-machine-translated.jsonl", // Apache-2.0 (Malaya)
}

type example struct {
	hashed []uint32
	dense  []float32
	label  int // 0 negative, 1 neutral, 2 positive
	file   int
	held   bool
	calib  bool
	weight float64 // per-example loss weight: files count alike, whatever their size
	// twoClass marks files without neutral gold labels: their loss is over
	// negative vs positive only, so they do not teach that neutral is rare.
	twoClass bool
}

func main() {
	dir := flag.String("eval", "../shared/eval", "directory of the development files")
	out := flag.String("out", "sentiment/model.bin", "weights file to write")
	bits := flag.Uint("bits", 18, "hash table size, log2")
	epochs := flag.Int("epochs", 4, "passes over the training data")
	flag.Float64Var(&learningRate, "lr", learningRate, "AdaGrad learning rate")
	flag.Float64Var(&l2, "l2", l2, "L2 penalty per update")
	flag.StringVar(&balanceFiles, "balance", balanceFiles, "file weighting: none, sqrt (1/sqrt(size)) or full (1/size)")
	flag.Float64Var(&l2Hashed, "l2-hashed", l2Hashed, "L2 penalty per update on n-gram weights")
	flag.Parse()
	if err := run(*dir, *out, *bits, *epochs); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
}

func run(dir, out string, bits uint, epochs int) error {
	a, err := sentiment.New(sentiment.Options{})
	if errors.Is(err, sentiment.ErrModelFormat) {
		return fmt.Errorf("%w\nthe feature layout changed: empty the weights (: > %s) and run again", err, out)
	}
	if err != nil {
		return err
	}
	var exs []example
	langs := map[string]bool{}
	for i, name := range trainFiles {
		if strings.Contains(name, "airline") || strings.HasPrefix(name, "hy-") {
			return fmt.Errorf("%s is evaluation-only", name)
		}
		got, err := readFile(a, filepath.Join(dir, name), i, langs)
		if err != nil {
			return err
		}
		exs = append(exs, got...)
	}
	if err := balance(exs, balanceFiles); err != nil {
		return err
	}
	nd := len(exs[0].dense)
	en := &ensemble{full: newLinear(bits, true, nd), rules: newLinear(bits, false, nd)}
	en.full.fit(exs, epochs)
	en.rules.fit(exs, epochs)
	en.calibrate(exs)
	en.report(exs)
	return en.write(out, langs)
}

func readFile(a *sentiment.Analyzer, path string, file int, langs map[string]bool) ([]example, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var exs []example
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	for sc.Scan() {
		var row struct{ ID, Text, Label, Lang string }
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		h, d, _ := a.TrainingFeatures(sentiment.Input{Text: row.Text, LangHint: row.Lang})
		if d == nil {
			continue
		}
		langs[row.Lang] = true
		fold := foldOf(row.ID)
		exs = append(exs, example{hashed: h, dense: d, label: labelIndex(row.Label), file: file, held: fold == 0, calib: fold == 1})
	}
	neutral := false
	for _, e := range exs {
		neutral = neutral || e.label == 1
	}
	for i := range exs {
		exs[i].twoClass = !neutral
	}
	return exs, sc.Err()
}

// balance weights examples by their file's size: "full" (1/size) makes
// every file count alike, "sqrt" (1/sqrt(size)) lets a big file (10k movie
// snippets) count more, not proportionally more; "none" weighs lines alike.
// The mean weight is 1 in every mode.
func balance(exs []example, mode string) error {
	size := map[int]int{}
	for _, e := range exs {
		size[e.file]++
	}
	sum := 0.0
	for i := range exs {
		n := float64(size[exs[i].file])
		switch mode {
		case "none":
			exs[i].weight = 1
		case "sqrt":
			exs[i].weight = 1 / math.Sqrt(n)
		case "full":
			exs[i].weight = 1 / n
		default:
			return fmt.Errorf("balance %q: want none, sqrt or full", mode)
		}
		sum += exs[i].weight
	}
	for i := range exs {
		exs[i].weight *= float64(len(exs)) / sum
	}
	return nil
}

func labelIndex(l string) int {
	switch l {
	case "negative":
		return 0
	case "neutral":
		return 1
	}
	return 2
}

// foldOf places a line by a hash of its id: fold 0 (one line in five) is the
// held-out check, fold 1 (one in ten) calibrates the neutral bias, the rest trains.
func foldOf(id string) int {
	h := fnv.New32a()
	h.Write([]byte(id))
	switch v := h.Sum32() % 10; {
	case v < 2:
		return 0
	case v == 2:
		return 1
	}
	return 2
}
