package main

import "path/filepath"

// scorer is what langtune measures: for now the quick stand-in, to be
// replaced by the real engine (sentiment.New) once it builds.
type scorer interface {
	Score(text, lang string) (float64, string)
}

type quickScorer map[string]*quickLex

func (q quickScorer) Score(text, lang string) (float64, string) {
	l, ok := q[lang]
	if !ok {
		return 0, "neutral"
	}
	return l.Score(text)
}

func newScorer(lexdir string, rows []row) (scorer, error) {
	q := quickScorer{}
	for _, r := range rows {
		if _, ok := q[r.Lang]; ok {
			continue
		}
		l, err := loadQuick(filepath.Join(lexdir, r.Lang))
		if err != nil {
			return nil, err
		}
		q[r.Lang] = l
	}
	return q, nil
}
