package langid_test

import (
	"fmt"

	"github.com/earshot/earshot/sentiment/langid"
)

func ExampleDetector_Detect() {
	d := langid.New() // once per process; safe for concurrent use
	for _, text := range []string{
		"@AirAsia flight delayed again, 3 hours and no update https://t.co/x",
		"Dah sejam tunggu, servis memang teruk",
		"Udah sejam nunggu, pelayanannya jelek banget",
		"Շատ լավ սպասարկում",
		"😡😡😡",
	} {
		r := d.Detect(text)
		fmt.Println(r.Lang, r.Script)
	}
	// Output:
	// en Latn
	// ms Latn
	// id Latn
	// hy Armn
	// und
}
