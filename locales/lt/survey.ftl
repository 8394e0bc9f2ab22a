# Trumpa anoniminė apklausa po kampanijos. Parašyta paprastai, kiekvienam suprantamai.

## Pradžia

survey-title = Trumpa apklausa apie teises darbe
survey-intro = Neseniai dalijomės žinutėmis apie teises darbe. Atsakykite į kelis trumpus klausimus – tai užtruks apie dvi minutes.
survey-consent = Ši apklausa anoniminė. Neklausiame jūsų vardo ar kontaktų, o sustoti galite bet kada.
survey-skip = Galite praleisti bet kurį klausimą, į kurį nenorite atsakyti.

## Klausimai ir atsakymai

survey-q-seen = Ar per pastarąjį mėnesį matėte mūsų žinutę apie teises darbe?
survey-a-yes = Taip
survey-a-no = Ne
survey-a-not-sure = Nežinau
survey-q-heard-before = Ar anksčiau buvote girdėję apie Šiuolaikinės vergovės ir išnaudojimo pagalbos liniją?
survey-q-act-differently = Ar dabar elgtumėtės kitaip, jei pastebėtumėte išnaudojimo požymių?
survey-q-what-action = Ką darytumėte pirmiausia, jei pastebėtumėte, kad kas nors yra išnaudojamas?
survey-a-call-helpline = Skambinčiau į pagalbos liniją
survey-a-tell-someone = Pasakyčiau žmogui, kuriuo pasitikiu
survey-a-report-online = Praneščiau internetu
survey-a-nothing = Nieko
survey-q-language = Kokia kalba labiausiai norėtumėte gauti tokias žinutes?
survey-a-language-other = Kita kalba

## Pabaiga

survey-submit = Siųsti atsakymus
survey-thanks-title = Ačiū
survey-thanks = Ačiū už atsakymus. Jie padeda pasiekti daugiau žmonių su informacija, kuri gali juos apsaugoti.
survey-thanks-helpline = Jei pagalbos reikia dabar, skambinkite nemokamai į Šiuolaikinės vergovės ir išnaudojimo pagalbos liniją 08000 121 700, bet kuriuo metu.

## Rezultatai vertintojams

survey-responses = { $count ->
        [one] { $count } atsakymas
        [few] { $count } atsakymai
        [many] { $count } atsakymo
       *[other] { $count } atsakymų
    }

## Klausimai poveikiui matuoti

survey-q-confident = Kiek esate tikri, kad žinotumėte, kur kreiptis pagalbos, jei kas nors būtų išnaudojamas?
survey-likert-low = Visai nesu tikras
survey-likert-high = Visiškai tikras
survey-q-age = Kiek jums metų?

## Vieša forma

survey-page-title = { survey-title }
survey-closed-title = Ši apklausa neatidaryta
survey-closed = Ši nuoroda nėra skirta šiuo metu vykstančiai apklausai. Ačiū, kad norite padėti.
survey-opens-on = Ši apklausa prasidės { $date }. Sugrįžkite tada: ši nuoroda veiks nuo tos dienos.
survey-already = Jūsų atsakymus jau gavome. Ačiū.
survey-token-expired = Šis puslapis buvo atidarytas per ilgai. Atidarykite apklausą iš naujo ir išsiųskite atsakymus.
survey-errors = Patikrinkite toliau pažymėtus atsakymus.
survey-choose-one = Pasirinkite vieną
survey-choose-any = Pasirinkite visus tinkamus
survey-scale = Nuo „{ $low }“ (1) iki „{ $high }“ ({ $points })
survey-number-range = Skaičius nuo { $min } iki { $max }
survey-free-text-note = Čia nerašykite vardų, adresų ar telefono numerių.

## Atsakymų ir apibrėžčių klaidos

survey-error-unknown = tokio klausimo nėra
survey-error-required = atsakykite į šį klausimą
survey-error-one = pasirinkite tik vieną atsakymą
survey-error-choice = „{ $value }“ nėra vienas iš atsakymų
survey-error-number = sveikasis skaičius nuo { $min } iki { $max }
survey-error-too-long = ne daugiau kaip { $max } simbolių
survey-error-questions = apklausoje turi būti nuo 1 iki { $max } klausimų
survey-error-key = mažosios raidės, skaitmenys, „-“ ir „_“, ne daugiau kaip 40
survey-error-key-twice = raktas „{ $key }“ naudojamas du kartus
survey-error-words = lokalės failų pranešimo id (raidės, skaitmenys, „-“)
survey-error-no-words = lokalės failuose nėra pranešimo „{ $id }“
survey-error-options = nuo 2 iki { $max } atsakymų variantų
survey-error-option = „{ $value }“ netinka kaip atsakymo reikšmė (raktas, naudojamas vieną kartą)
survey-error-points = skalė nuo 3 iki 11 taškų
survey-error-range = didžiausias skaičius turi būti didesnis už mažiausią
survey-error-free-text-off = ši apklausa neleidžia laisvo teksto
survey-error-free-text-length = nuo 1 iki { $max } simbolių
survey-error-outcome = rezultatas turi nurodyti pasirenkamąjį klausimą ir bent vieną jo atsakymą
survey-error-campaign = tokios kampanijos nėra
survey-error-phase = „before“ arba „after“
survey-error-role = „target“ arba „comparison“
survey-error-closes = diena, ne ankstesnė už atidarymo dieną
survey-error-no-wave = ši apklausa neturi bangos „{ $key }“
survey-error-no-group = ši apklausa neturi palyginimo grupės „{ $key }“

## Pastabos apie rezultatus

survey-note-small = { $group }, banga { $wave }: tik { $n } atsakymų (mažiau nei { $min }), todėl intervalas platus.
survey-note-suppressed = { $group }, banga { $wave }: mažiau nei { $k } atsakymų, nerodoma ne analitikams.
survey-note-empty = { $group }, banga { $wave }: nėra atsakymų į rezultato klausimą.
survey-note-no-did = Skirtumų skirtumui reikia abiejų bangų atsakymų iš tikslinės ir palyginimo grupių.
survey-note-no-comparison = Palyginimo grupės nėra, todėl tikslinės grupės pokyčio negalima atskirti nuo pokyčių, vykusių visur.
survey-note-one-wave = Nėra pradinės ir tolesnės bangų poros, todėl pokytis neskaičiuojamas.
survey-note-unreadable = { $n } atsakymų nebeatitinka dabartinių klausimų ir neįtraukiami.
survey-note-flagged = { $n } beveik pasikartojančių atsakymų laukia peržiūros ir neįtraukiami, kol nebus palikti.
survey-note-method = Dalys pateikiamos su Wilsono 95 % intervalais. Pokyčiai tarp bangų – su nesujungtais Waldo 95 % intervalais ir dvipusiu z testu su sujungta standartine paklaida. Skirtumų skirtumas keturias imtis laiko nepriklausomomis, standartinė paklaida √Σ p(1−p)/n.

## Importas

survey-import-no-wave = { $file }, eilutė { $line }: ši apklausa neturi bangos „{ $key }“
survey-import-no-group = { $file }, eilutė { $line }: ši apklausa neturi grupės „{ $key }“
survey-import-no-locale = { $file }, eilutė { $line }: Beacon neturi lokalės „{ $key }“
survey-import-unknown-wave = ši apklausa neturi bangos „{ $key }“
survey-import-unknown-group = ši apklausa neturi grupės „{ $key }“
survey-import-unknown-locale = Beacon neturi lokalės „{ $key }“
survey-import-no-mapping = šiam formatui dar neišsaugotas stulpelių susiejimas: atsiųskite jį kartu su failu
survey-import-format-differs = susiejimas skirtas kitam formatui nei failas
survey-import-title = Importuoti atsakymus
survey-import-help = Google Forms arba KoboToolbox/ODK CSV eksportas. Pirmą kartą Beacon pagal failo antraštę pasiūlo, kuris stulpelis kuriam klausimui; patikrinkite, pataisykite ir importuokite. Susiejimas išsaugomas ir naudojamas kitam to paties formato failui. Failas, turintis bent vieną blogą eilutę, atmetamas visas, įvardijant kiekvieną blogą eilutę.
survey-import-format = Eksporto formatas
survey-import-format-google = Google Forms
survey-import-format-kobo = KoboToolbox arba ODK
survey-import-mapping = Stulpelių susiejimas (JSON)
survey-import-suggest = Pasiūlyti susiejimą
survey-import-send = Importuoti
survey-import-saved = Tai susiejimas, išsaugotas per paskutinį šio formato importą.
survey-import-suggested = Šis susiejimas pasiūlytas pagal failo antraštę: patikrinkite jį prieš importuodami.
survey-import-done = Importuota atsakymų: { $rows }; pažymėta peržiūrai kaip beveik pasikartojantys: { $flagged }.
survey-import-errors = Niekas neimportuota. Blogos failo eilutės:
survey-form-changed = Kol šis puslapis buvo atidarytas, klausimai buvo pakeisti. Patikrinkite savo atsakymus žemiau ir siųskite juos dar kartą.
survey-error-weighting-empty = Nurodykite amžiaus klausimą, lyties klausimą arba abu, pagal kuriuos sverti.
survey-error-weighting-question = Svėrimo klausimas { $key } turi būti šios apklausos klausimas su vienu pasirinkimu.
survey-error-weighting-options = Nė vienas šio klausimo atsakymas nėra auditorijos grupė ({ $values }); pavadinkite atsakymus taip, kaip pavadintos grupės.
survey-error-no-weighting = Ši apklausa neturi svėrimo klausimų (amžiaus ar lyties klausimo, nurodyto skiltyje „weighting“), todėl jos rezultatų negalima sverti.
survey-note-weighted = Pasverta: kiekvienos bangos ir grupės atsakymai post-stratifikuoti pagal gyventojų amžiaus grupių ir lyčių sudėtį ({ $source }), laikant jas nepriklausomomis; bangoje ir grupėje neatsakiusių amžiaus ir lyties grupių dalį perima kitos. Intervalai naudoja Kisho efektyvųjį imties dydį. Pasirinkimų skaičiai yra atsakymai, kokie pateikti, nesverti.
survey-note-weight-left-out = { $n ->
    [one] { $n } atsakymas nenurodė amžiaus grupės ar lyties ir į pasvertus skaičius neįtrauktas.
    [few] { $n } atsakymai nenurodė amžiaus grupės ar lyties ir į pasvertus skaičius neįtraukti.
   *[other] { $n } atsakymų nenurodė amžiaus grupės ar lyties ir į pasvertus skaičius neįtraukti.
}
survey-weighted = Pasverta pagal gyventojus
survey-unweighted = Nesverta
