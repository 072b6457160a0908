package evaluate

import "github.com/earshot/earshot/internal/model"

// tally accumulates predictions before the figures are computed.
type tally struct {
	conf               [3][3]int
	binConf            [2][2]int // [gold neg/pos][pred neg/pos], neutral decided by score sign
	n, unscored        int
	langN, langCorrect int
}

func (t *tally) add(gold int, an model.Analysis, lang string) {
	pred := an.Label.Index()
	if !an.Scored {
		t.unscored++
		pred = model.Neutral.Index()
	}
	t.n++
	t.conf[gold][pred]++
	if gold != model.Neutral.Index() {
		bp := 0
		if pred == model.Positive.Index() || pred == model.Neutral.Index() && an.Score >= 0 {
			bp = 1
		}
		t.binConf[gold/2][bp]++
	}
	if lang != "" {
		t.langN++
		if an.Lang == lang {
			t.langCorrect++
		}
	}
}

func (t *tally) report(r *Report) {
	r.N, r.Unscored, r.Confusion, r.LangN = t.n, t.unscored, t.conf, t.langN
	r.LangAccuracy = ratio(t.langCorrect, t.langN)
	correct, classes := 0, 0
	for c := range 3 {
		tp, goldN, predN := t.conf[c][c], 0, 0
		for k := range 3 {
			goldN += t.conf[c][k]
			predN += t.conf[k][c]
		}
		correct += tp
		st := ClassStats{Precision: ratio(tp, predN), Recall: ratio(tp, goldN), Support: goldN}
		st.F1 = f1(st.Precision, st.Recall)
		r.Classes[c] = st
		if goldN+predN > 0 { // sklearn's convention: classes seen in gold or predictions
			classes++
			r.MacroF1 += st.F1
		}
	}
	r.Accuracy = ratio(correct, t.n)
	r.MacroF1 = ratioF(r.MacroF1, classes)
	r.TwoClass = r.Classes[model.Neutral.Index()].Support == 0 && t.n > 0
	if r.TwoClass {
		b := t.binConf
		r.BinaryAccuracy = ratio(b[0][0]+b[1][1], t.n)
		r.NegativeF1 = f1(ratio(b[0][0], b[0][0]+b[1][0]), ratio(b[0][0], b[0][0]+b[0][1]))
	}
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 { return ratioF(float64(a), b) }

func ratioF(a float64, b int) float64 {
	if b == 0 {
		return 0
	}
	return a / float64(b)
}
