package langid

import "sort"

// Undetermined is the Lang of a text with too little evidence to decide.
const Undetermined = "und"

// maxLangs bounds the languages with n-gram evidence, so a text's scores fit
// in a fixed array on the stack.
const maxLangs = 64 // a power of two, see Detector.add

// Result is the language identified for a text.
type Result struct {
	// Lang is an ISO 639-1 code ("en", "ms", "hy"), or "und".
	Lang string
	// Script is the ISO 15924 code of the text's main script ("Latn", "Armn",
	// "Jpan" for Japanese mixing kana and kanji), or "" when the text has no letters.
	Script string
	// Confidence is in [0, 1]: how much of the text is in the main script,
	// times how clearly the best language beats the runner-up, times how much
	// text there was. It is a ranking aid, not a calibrated probability. It
	// is 0 for "und", and at most 0.5 for Malay or Indonesian text that has
	// no word particular to either (see the package doc).
	Confidence float64
}

// Detector identifies languages. Its tables are built once by New and never
// written afterwards, so one Detector may be shared by any number of goroutines.
type Detector struct {
	langs    []string            // n-gram languages by index
	byScript [numScripts][]uint8 // n-gram languages written in each script
	trigrams table               // packed trigram -> postings
	words    table               // word hash -> postings
	letters  table               // rune -> postings
	runes    []uint8             // per BMP rune: script and letter bits, see buildRuneInfo
	prior    [maxLangs]int32     // data/priors.tsv, added to a language's score
	ms, id   uint8               // indexes of Malay and Indonesian
}

// New builds a Detector from the tables embedded in the package. It panics
// only if those tables are malformed, which the package tests rule out.
func New() *Detector {
	d, err := load()
	if err != nil {
		panic("langid: embedded data: " + err.Error())
	}
	return d
}

// Languages returns the ISO 639-1 codes Detect can return besides "und", sorted.
func (d *Detector) Languages() []string {
	out := append([]string(nil), d.langs...)
	for _, info := range scriptInfo {
		if info.lang != "" {
			out = append(out, info.lang)
		}
	}
	sort.Strings(out)
	return out
}

// Detect identifies the language of text. It reads at most the first few
// kilobytes, ignores @handles, #hashtags, URLs and e-mail addresses, accepts
// any bytes (invalid UTF-8 counts as punctuation) and does not allocate.
func (d *Detector) Detect(text string) Result {
	var st state
	d.scan(text, &st)
	main, total := mainScript(&st) // the trigram pass counts no letters
	if !d.decisive(&st, main) {
		st.grams, st.p2, st.p1 = true, ' ', ' '
		d.scan(text, &st)
	}
	return d.decide(&st, main, total)
}
