package lang

import "strings"

// The lexicons are short chat words as Malaysians type them, with a weight:
// function words and slang that only one language uses weigh most. Words shared
// by Malaysian English and Malay ("ok", "lah", "boss", "tq") are neutral and absent.
// Every word also trains the character trigram model used for unknown words.

var malayWords = words(3, `
saya sy aku ak awak awk anda kamu korang hang ko kau dia kami kita mereka depa
tak x tk tidak tiada takde xde xda takda bukan bkn belum blm blum dah sudah udah suda
nak nk mahu mau hendak boleh blh bole leh-boleh dapat dpt
ada ade ad ni nie ini tu itu sini situ sana mana mne mane kat dekat dkt
apa ape apehal camne camana macammana bagaimana kenapa knp napa mengapa bila bile pukul jam berapa brp bape brape
yang yg dgn dengan utk untuk dan atau tapi tetapi pun jugak juga jgk lagi lg lagik saja sahaja je jer aje
sangat sgt sangt amat terlalu sikit skit sedikit banyak byk bnyk kurang lebih lbh paling
harga hrga murah mahal mahalnya murahnya diskaun potongan percuma bayar bayaran byr ansuran tunai duit
stok stock-ms barang brg beli bli jual hantar hntr pos sampai smpai terima trima kasih kaseh
selamat slmt pagi petang ptg malam mlm tengahari tghari salam assalamualaikum waalaikumsalam
encik en cik puan pn tuan abang abg bang kak akak adik dik pakcik makcik
tolong tlg minta mintak mohon maaf sorry-ms tahu tau taw faham nampak tengok tgk tengk cuba cube
pilih warna saiz besar kecik kecil baru lama cantik lawa bagus elok nanti nnt sekarang skrg skang dulu dlu
kelas yuran kursus daftar pelajar anak sekolah cikgu guru subjek jadual masa percubaan
rumah sewa bilik tingkat kondo pangsapuri tanah pinjaman gaji dokumen lokasi kawasan jauh
hari esok semalam minggu bulan tahun kereta kedai cawangan buka tutup cuti
mcm macam camtu camni gitu gini betul btul betol memang mmg kot kut kan kn ke kah
jom la-ms eh-ms wei weh woi alamak aduh adoi aiyo-ms
nak-tanya tanya tnya soalan jawab beritahu bagitau bagi bg kasi kirim hantarkan
boleh-tak okey baik baiklah sila silakan jemput datang pergi pegi gi balik
mau-tanya berminat minat rasa fikir pikir ingat tunggu tggu lepas lps sebelum sblm selepas
order-ms pesan tempah tempahan tempat kosong penuh habis abis siap
sahaja-lah kena kene perlu perlukan guna pakai beza sama lain satu dua tiga empat lima
ringgit sen kotak pek helai pasang unit-ms biji
sebab sbb kerana krn jadi jd kalau kalo klau kalu kalo-kalo mungkin mgkn agak cepat lambat
bagus-nya terbaik hebat mantap syok best power-ms
`)

var englishWords = words(3, `
the a an is are was were be been am i me my mine you your yours he she it its we our they them their
this that these those there here what when where which who whom why how
do does did done have has had can could would should will shall may might must
not no yes yeah yep nope please pls plz thanks thank thx welcome sorry
want wanna need like love get got give buy bought order ordered pay paid send sent ship shipping delivery deliver
price prices cost costs much many how-much cheap cheaper cheapest expensive pricey discount discounts offer offers deal deals
too very so really quite just only still already yet also more less some any all every each other another
available availability stock in on at of to for from with without about into over under after before
and or but if then than because since until while
hi hello hey morning afternoon evening night good great nice fine okay-en sure
interested interest details detail info information more-info tell know see check look looking show
location located near nearby far area address viewing view visit appointment booking book
class classes course courses fee fees tuition student students teacher trial schedule intake enrol enroll register registration
apartment condo house property unit rent rental sale freehold leasehold loan bank-en mortgage room rooms bedroom
size colour color item items product products new brand warranty original quality best
tomorrow today tonight week month year weekend monday tuesday wednesday thursday friday saturday sunday
call message reply whatsapp contact number email website
wait waiting think thinking later maybe decide decided consider still-thinking
free-en promo-en payment installment instalment plan plans option options cash card transfer
where's what's how's it's i'm i'll don't can't won't isn't doesn't didn't there's that's let's
anything something nothing everything anyone someone
ready done finish finished confirm confirmed proceed go going come coming
`)

var tamilRomanWords = words(3, `
vanakkam vanakam nandri enna evvalavu evlo evalavu vilai venum vendum irukka irukku illai illa
sollunga solunga pannunga panna romba konjam anna akka thambi sir-ta ungal unga naan nan neenga
varum kammi kidaikuma kidaikkum epdi eppadi eppo enga inga anga paakalam paarkalam vaanga varuveenga
`)

// neutral words carry no evidence: Malaysian particles and loanwords used in every language.
var neutralWords = set(`ok okay okey k kk lah la leh lor meh mah ah ar wor hor boss bos bro sis tq ty
haha hehe hihi lol rm promo online cod grab shopee lazada tng fpx duitnow whatsapp wa ya ye yea eh oi
`)

type lexicon map[string]float64

func words(weight float64, s string) lexicon {
	m := lexicon{}
	for _, w := range strings.Fields(s) {
		if i := strings.IndexByte(w, '-'); i > 0 {
			// "stock-ms" marks a spelling listed to keep it out of the other lexicon's
			// n-grams; "boleh-tak" adds both halves.
			for _, p := range strings.Split(w, "-") {
				if p != "ms" && p != "en" && p != "ta" {
					m[p] = weight
				}
			}
			continue
		}
		m[w] = weight
	}
	return m
}

func set(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// Words that both main lexicons list are weak evidence for each.
func init() {
	for w := range malayWords {
		if _, ok := englishWords[w]; ok {
			malayWords[w], englishWords[w] = 1, 1
		}
	}
	for w := range neutralWords {
		delete(malayWords, w)
		delete(englishWords, w)
	}
}
