package evaluate

import (
	"fmt"
	"io"

	"github.com/earshot/earshot/internal/model"
)

// WriteText prints the report as a short plain-text table.
func (r Report) WriteText(w io.Writer) {
	fmt.Fprintf(w, "%s\n", r.File)
	fmt.Fprintf(w, "  n=%d  accuracy=%.3f  macro-F1=%.3f  lang-id=%.3f (%d)  unscored=%d\n",
		r.N, r.Accuracy, r.MacroF1, r.LangAccuracy, r.LangN, r.Unscored)
	if r.TwoClass {
		fmt.Fprintf(w, "  two-class: binary-accuracy=%.3f  negative-F1=%.3f\n", r.BinaryAccuracy, r.NegativeF1)
	}
	fmt.Fprintf(w, "  %-9s %9s %9s %9s %8s\n", "class", "precision", "recall", "F1", "support")
	for i, l := range model.Labels {
		c := r.Classes[i]
		fmt.Fprintf(w, "  %-9s %9.3f %9.3f %9.3f %8d\n", l, c.Precision, c.Recall, c.F1, c.Support)
	}
	fmt.Fprintf(w, "  confusion (rows gold, columns predicted): %-8s %8s %8s\n", "negative", "neutral", "positive")
	for i, l := range model.Labels {
		fmt.Fprintf(w, "  %-41s %8d %8d %8d\n", l, r.Confusion[i][0], r.Confusion[i][1], r.Confusion[i][2])
	}
}
