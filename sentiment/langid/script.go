package langid

import "unicode"

// script is a writing system the scanner counts letters of.
type script uint8

const (
	scNone script = iota
	scLatin
	scCyrillic
	scArabic
	scDevanagari
	scHebrew
	scGreek
	scArmenian
	scGeorgian
	scHangul
	scHan
	scKana
	scThai
	scBengali
	scTamil
	scTelugu
	scKannada
	scMalayalam
	scGujarati
	scGurmukhi
	scOriya
	scMyanmar
	scKhmer
	scLao
	scSinhala
	scEthiopic
	numScripts
)

// scriptInfo says how each script is reported: its ISO 15924 code and, for a
// script written by one language only, that language (decided by counting).
var scriptInfo = [numScripts]struct {
	code, lang string
}{
	scLatin:      {"Latn", ""},
	scCyrillic:   {"Cyrl", ""},
	scArabic:     {"Arab", ""},
	scDevanagari: {"Deva", ""},
	scHebrew:     {"Hebr", "he"},
	scGreek:      {"Grek", "el"},
	scArmenian:   {"Armn", "hy"},
	scGeorgian:   {"Geor", "ka"},
	scHangul:     {"Kore", "ko"},
	scHan:        {"Hani", "zh"},
	scKana:       {"Jpan", "ja"},
	scThai:       {"Thai", "th"},
	scBengali:    {"Beng", "bn"},
	scTamil:      {"Taml", "ta"},
	scTelugu:     {"Telu", "te"},
	scKannada:    {"Knda", "kn"},
	scMalayalam:  {"Mlym", "ml"},
	scGujarati:   {"Gujr", "gu"},
	scGurmukhi:   {"Guru", "pa"},
	scOriya:      {"Orya", "or"},
	scMyanmar:    {"Mymr", "my"},
	scKhmer:      {"Khmr", "km"},
	scLao:        {"Laoo", "lo"},
	scSinhala:    {"Sinh", "si"},
	scEthiopic:   {"Ethi", "am"},
}

// scriptNames maps the script column of the embedded trigram profiles.
var scriptNames = map[string]script{
	"latin": scLatin, "cyrillic": scCyrillic, "arabic": scArabic, "devanagari": scDevanagari,
}

// blockScripts lists the contiguous Unicode blocks that belong to one script,
// in ascending order, so scriptOf can stop at the first block above r.
var blockScripts = [...]struct {
	lo, hi rune
	s      script
}{
	{0x0370, 0x03FF, scGreek},
	{0x0400, 0x052F, scCyrillic},
	{0x0530, 0x058F, scArmenian},
	{0x0590, 0x05FF, scHebrew},
	{0x0600, 0x06FF, scArabic},
	{0x0750, 0x077F, scArabic},
	{0x0900, 0x097F, scDevanagari},
	{0x0980, 0x09FF, scBengali},
	{0x0A00, 0x0A7F, scGurmukhi},
	{0x0A80, 0x0AFF, scGujarati},
	{0x0B00, 0x0B7F, scOriya},
	{0x0B80, 0x0BFF, scTamil},
	{0x0C00, 0x0C7F, scTelugu},
	{0x0C80, 0x0CFF, scKannada},
	{0x0D00, 0x0D7F, scMalayalam},
	{0x0D80, 0x0DFF, scSinhala},
	{0x0E00, 0x0E7F, scThai},
	{0x0E80, 0x0EFF, scLao},
	{0x1000, 0x109F, scMyanmar},
	{0x10A0, 0x10FF, scGeorgian},
	{0x1100, 0x11FF, scHangul},
	{0x1200, 0x139F, scEthiopic},
	{0x1780, 0x17FF, scKhmer},
	{0x1C90, 0x1CBF, scGeorgian},
	{0x1E00, 0x1EFF, scLatin},
	{0x1F00, 0x1FFF, scGreek},
	{0x2DE0, 0x2DFF, scCyrillic},
	{0x2E80, 0x2FDF, scHan},
	{0x3040, 0x30FF, scKana},
	{0x3130, 0x318F, scHangul},
	{0x31F0, 0x31FF, scKana},
	{0x3400, 0x4DBF, scHan},
	{0x4E00, 0x9FFF, scHan},
	{0xA640, 0xA69F, scCyrillic},
	{0xA720, 0xA7FF, scLatin},
	{0xAC00, 0xD7AF, scHangul},
	{0xF900, 0xFAFF, scHan},
	{0xFB1D, 0xFB4F, scHebrew},
	{0xFB50, 0xFDFF, scArabic},
	{0xFE70, 0xFEFF, scArabic},
	{0xFF21, 0xFF3A, scLatin},
	{0xFF41, 0xFF5A, scLatin},
	{0xFF66, 0xFF9F, scKana},
	{0x20000, 0x3134F, scHan},
}

// scriptOf returns the script of a letter or mark, scNone for anything else
// the detector does not count.
func scriptOf(r rune) script {
	if r < 0x0250 {
		return scLatin // callers only pass letters, so this is Basic Latin to IPA
	}
	for _, b := range blockScripts {
		if r < b.lo {
			return scNone
		}
		if r <= b.hi {
			return b.s
		}
	}
	return scNone
}

// weightOf says how much one letter of a script counts when choosing the
// text's main script: a CJK character carries about as much as a short word.
func weightOf(s script) int32 {
	switch s {
	case scHan, scKana, scHangul:
		return 3
	}
	return 1
}

// Bits of a rune's entry in Detector.runes.
const (
	riScript = 0x1f // the script, see scriptOf
	riLetter = 0x20 // a letter or a combining mark
	riCased  = 0x40 // unicode.ToLower changes it
)

// buildRuneInfo precomputes, for the Basic Multilingual Plane, what scanChunk
// asks of every non-ASCII rune, so a kanji or a Cyrillic letter costs one
// load instead of Unicode table searches.
func buildRuneInfo() []uint8 {
	info := make([]uint8, 0x10000)
	for r := rune(0x80); r < 0x10000; r++ {
		info[r] = runeInfoSlow(r)
	}
	return info
}

func runeInfoSlow(r rune) uint8 {
	if !unicode.IsLetter(r) && !unicode.IsMark(r) {
		return uint8(scriptOf(r))
	}
	i := uint8(scriptOf(r)) | riLetter
	if unicode.ToLower(r) != r {
		i |= riCased
	}
	return i
}

// runeInfo returns r's entry, computing it for runes beyond the table.
func (d *Detector) runeInfo(r rune) uint8 {
	if r < rune(len(d.runes)) {
		return d.runes[r]
	}
	return runeInfoSlow(r)
}
