package langid_test

import (
	"slices"
	"testing"

	"github.com/earshot/earshot/sentiment/langid"
)

// detectCases are short texts written for these tests, in the shape of the
// posts and reviews earshot reads.
var detectCases = []struct {
	lang, script, text string
}{
	{"en", "Latn", "Waited 40 minutes for my order and the fries were cold. Never again @BurgerCo"},
	{"en", "Latn", "honestly the best customer service i've had all year, thank you!! #happy"},
	{"en", "Latn", "Damn damn damn"},
	{"ms", "Latn", "Servis teruk gila, dah tunggu sejam pun tak sampai lagi. Menyesal beli kat sini."},
	{"ms", "Latn", "Aku nak tanya, kenapa bil elektrik bulan ni mahal sangat? Takde notis pun."},
	{"ms", "Latn", "Terima kasih atas perkhidmatan yang baik, kakitangan sangat mesra dan membantu."},
	{"id", "Latn", "Pelayanannya lama banget, udah nunggu sejam tapi pesanan belum datang juga."},
	{"id", "Latn", "Kok sinyalnya hilang terus sih dari kemarin? Tolong dicek dong"},
	{"id", "Latn", "Harganya terjangkau dan tempatnya nyaman, cocok buat nongkrong bareng teman."},
	{"hy", "Armn", "Շատ լավ սպասարկում էր, շնորհակալություն ամբողջ թիմին։"},
	{"hy", "Armn", "@telecom_am ինտերնետը նորից չի աշխատում, արդեն երրորդ օրն է"},
	{"es", "Latn", "El pedido llegó tarde y la caja estaba rota, pero el servicio al cliente fue muy amable."},
	{"fr", "Latn", "Je suis très déçu par la qualité du produit, il ne fonctionne plus après une semaine."},
	{"de", "Latn", "Die Lieferung war schnell, aber das Gerät ist leider nicht so gut wie erwartet."},
	{"pt", "Latn", "Não recomendo, o atendimento foi péssimo e ainda cobraram a mais na minha conta."},
	{"it", "Latn", "Il servizio è stato ottimo e il cibo molto buono, torneremo sicuramente!"},
	{"nl", "Latn", "De bezorging was te laat en niemand van de klantenservice heeft mij teruggebeld."},
	{"pl", "Latn", "Bardzo dobra obsługa, ale czas oczekiwania na paczkę był za długi."},
	{"tr", "Latn", "Siparişim hâlâ gelmedi ve müşteri hizmetleri hiç yardımcı olmuyor."},
	{"sv", "Latn", "Leveransen kom i tid och produkten fungerar precis som den ska, tack!"},
	{"vi", "Latn", "Dịch vụ rất tốt, nhân viên nhiệt tình và giao hàng nhanh. Cảm ơn shop!"},
	{"ru", "Cyrl", "Доставка опоздала на три дня, а поддержка так и не ответила на моё письмо."},
	{"uk", "Cyrl", "Дякую за швидку доставку, все прийшло цілим і працює чудово."},
	{"bg", "Cyrl", "Поръчката пристигна навреме, но опаковката беше скъсана и това е много неприятно."},
	{"ar", "Arab", "الخدمة كانت سيئة جدا ولم يرد علي أحد من خدمة العملاء حتى الآن"},
	{"fa", "Arab", "پشتیبانی خیلی خوب بود و مشکل من در کمتر از یک ساعت حل شد، ممنون"},
	{"he", "Hebr", "השירות היה מצוין והמשלוח הגיע מהר מהצפוי, תודה רבה"},
	{"hi", "Deva", "डिलीवरी बहुत देर से हुई और ग्राहक सेवा ने कोई जवाब नहीं दिया।"},
	{"zh", "Hani", "快递太慢了，等了一个星期还没到，客服也不回复。"},
	{"ja", "Jpan", "注文した商品がまだ届きません。サポートに連絡しても返事がないです。"},
	{"ko", "Kore", "배송이 너무 늦어요. 고객센터에 전화해도 연결이 안 됩니다."},
	{"th", "Thai", "บริการดีมาก พนักงานสุภาพ ส่งของเร็ว ขอบคุณครับ"},
	{"el", "Grek", "Η παράδοση ήταν γρήγορη και το προϊόν είναι εξαιρετικό, ευχαριστώ!"},
	{"ka", "Geor", "მიწოდება ძალიან დაგვიანდა და მხარდაჭერამ არ მიპასუხა."},
}

func TestDetect(t *testing.T) {
	d := langid.New()
	for _, tc := range detectCases {
		t.Run(tc.lang, func(t *testing.T) {
			got := d.Detect(tc.text)
			if got.Lang != tc.lang || got.Script != tc.script {
				t.Errorf("Detect(%q) = %+v, want Lang %q Script %q", tc.text, got, tc.lang, tc.script)
			}
			if got.Confidence <= 0 || got.Confidence > 1 {
				t.Errorf("Detect(%q).Confidence = %v, want in (0, 1]", tc.text, got.Confidence)
			}
		})
	}
}

// TestDetectMalayIndonesianPairs checks that the words that differ between
// the two standards decide, when the rest of the sentence is shared.
func TestDetectMalayIndonesianPairs(t *testing.T) {
	d := langid.New()
	pairs := []struct{ ms, id string }{
		{"Saya tak faham kenapa harga naik lagi", "Saya nggak paham kenapa harga naik lagi"},
		{"Kualiti barang ni memang bagus", "Kualitas barangnya memang bagus banget"},
		{"Esok saya nak pergi ke pejabat", "Besok saya mau pergi ke kantor"},
		{"Dah lama tunggu bas kat stesen", "Udah lama nunggu bus di stasiun"},
		{"Perkhidmatan pelanggan sangat teruk", "Pelayanan pelanggan jelek sekali"},
		{"Penghantaran lambat", "Pengiriman lambat"},
	}
	for _, p := range pairs {
		for want, text := range map[string]string{"ms": p.ms, "id": p.id} {
			if got := d.Detect(text).Lang; got != want {
				t.Errorf("Detect(%q).Lang = %q, want %q", text, got, want)
			}
		}
	}
}

func TestLanguages(t *testing.T) {
	d := langid.New()
	got := d.Languages()
	required := []string{"en", "ms", "id", "hy", "es", "fr", "de", "pt", "it", "nl", "ru", "uk", "pl", "tr",
		"ar", "fa", "he", "hi", "zh", "ja", "ko", "th", "vi", "sv", "el", "ka"}
	for _, code := range required {
		if !slices.Contains(got, code) {
			t.Errorf("Languages() = %v, missing %q", got, code)
		}
	}
	if !slices.IsSorted(got) || len(slices.Compact(slices.Clone(got))) != len(got) {
		t.Errorf("Languages() = %v, want sorted without duplicates", got)
	}
	got[0] = "xx"
	if d.Languages()[0] == "xx" {
		t.Error("Languages() returned the detector's own slice; callers could change it")
	}
}

// TestDetectReturnsKnownLanguages runs every case's language through
// Languages, so the two never drift apart.
func TestDetectReturnsKnownLanguages(t *testing.T) {
	d := langid.New()
	known := d.Languages()
	for _, tc := range detectCases {
		if got := d.Detect(tc.text).Lang; got != langid.Undetermined && !slices.Contains(known, got) {
			t.Errorf("Detect(%q).Lang = %q, not in Languages() %v", tc.text, got, known)
		}
	}
}
