package sentiment

import (
	"sort"
	"unicode"
	"unicode/utf8"
)

// scriptTables maps ISO 15924 codes, as langid.Result.Script spells them, to
// Unicode scripts, so a lexicon's script can be told from its words.
var scriptTables = []struct {
	code  string
	table *unicode.RangeTable
}{
	{"Latn", unicode.Latin}, {"Armn", unicode.Armenian}, {"Cyrl", unicode.Cyrillic},
	{"Grek", unicode.Greek}, {"Arab", unicode.Arabic}, {"Hebr", unicode.Hebrew},
	{"Geor", unicode.Georgian}, {"Deva", unicode.Devanagari}, {"Thai", unicode.Thai},
}

// lexiconScript is the script most of a lexicon's valence terms start
// with ("" when none of the known ones): the languages a text may fall back
// to are those of the script langid saw.
func lexiconScript(l *lexicon) string {
	counts := make([]int, len(scriptTables))
	for w, t := range l.terms {
		if !t.hasVal {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		for i, st := range scriptTables {
			if unicode.Is(st.table, r) {
				counts[i]++
				break
			}
		}
	}
	best := -1
	for i, c := range counts {
		if c > 0 && (best < 0 || c > counts[best]) {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	return scriptTables[best].code
}

// groupByScript lists the scored lexicons of each script, in language-code
// order, for retryLanguage.
func groupByScript(langs map[string]*lexicon) map[string][]*lexicon {
	out := map[string][]*lexicon{}
	for _, l := range langs {
		if l.script != "" {
			out[l.script] = append(out[l.script], l)
		}
	}
	for _, ls := range out {
		sort.Slice(ls, func(i, j int) bool { return ls[i].lang < ls[j].lang })
	}
	return out
}
