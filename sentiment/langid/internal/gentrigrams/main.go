// Command gentrigrams extracts the character-trigram profiles that langid
// embeds from the source of github.com/abadojack/whatlanggo (MIT), so the
// detector ships compact data without depending on that module at run time.
//
// Usage (from sentiment/langid):
//
//	go mod download github.com/abadojack/whatlanggo@v1.0.1
//	go run ./internal/gentrigrams "$(go env GOMODCACHE)/github.com/abadojack/whatlanggo@v1.0.1/lang.go" > data/trigrams.tsv
package main

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// keep maps a whatlanggo profile list and ISO 639-3 code to the ISO 639-1
// code langid reports. Profiles not listed are dropped: every extra language
// is one more way for a short English tweet to be misread.
var keep = map[string]map[string]string{
	"latinLangs": {
		"Eng": "en", "Spa": "es", "Por": "pt", "Fra": "fr", "Deu": "de", "Ita": "it",
		"Tur": "tr", "Pol": "pl", "Ron": "ro", "Nld": "nl", "Hun": "hu", "Ces": "cs",
		"Swe": "sv", "Fin": "fi", "Dan": "da", "Nob": "no", "Vie": "vi", "Hrv": "hr",
		"Ind": "id",
	},
	"cyrillicLangs":   {"Rus": "ru", "Ukr": "uk", "Bel": "be", "Bul": "bg", "Srp": "sr", "Mkd": "mk"},
	"arabicLangs":     {"Arb": "ar", "Pes": "fa", "Urd": "ur"},
	"devanagariLangs": {"Hin": "hi", "Mar": "mr", "Nep": "ne"},
}

var (
	listRe    = regexp.MustCompile(`^var (\w+) = langProfileList\{`)
	profileRe = regexp.MustCompile(`^\s*([A-Z][a-z]{2}): \[\]string\{(.*)\},?\s*$`)
	quotedRe  = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gentrigrams path/to/whatlanggo/lang.go")
		os.Exit(1)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "gentrigrams:", err)
		os.Exit(1)
	}
}

func run(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	fmt.Println("# Character trigram profiles, most frequent first, one language a line: script TAB lang TAB trigram...")
	fmt.Println("# Extracted by internal/gentrigrams from github.com/abadojack/whatlanggo v1.0.1 lang.go (MIT; see SOURCES.md).")
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	list := ""
	for sc.Scan() {
		if m := listRe.FindStringSubmatch(sc.Text()); m != nil {
			list = m[1]
			continue
		}
		m := profileRe.FindStringSubmatch(sc.Text())
		if m == nil || keep[list][m[1]] == "" {
			continue
		}
		if err := emit(list, keep[list][m[1]], m[2]); err != nil {
			return fmt.Errorf("%s %s: %w", list, m[1], err)
		}
	}
	return sc.Err()
}

func emit(list, lang, body string) error {
	var tris []string
	for _, q := range quotedRe.FindAllString(body, -1) {
		s, err := strconv.Unquote(q)
		if err != nil {
			return fmt.Errorf("unquote %s: %w", q, err)
		}
		if strings.ContainsAny(s, "\t\n") {
			return fmt.Errorf("trigram %q holds a tab or newline", s)
		}
		tris = append(tris, s)
	}
	fmt.Printf("%s\t%s\t%s\n", strings.TrimSuffix(list, "Langs"), lang, strings.Join(tris, "\t"))
	return nil
}
