# Beacon puslapiai lietuviškai: navigacija, prisijungimas, paskyra, administravimas, žemėlapiai.

app-name = Beacon
app-tagline = Informavimo kampanijos prieš prekybą žmonėmis
skip-to-content = Pereiti prie turinio
nav-label = Pagrindinis meniu
nav-home = Pradžia
nav-map = Žemėlapis
    .help = Kampanijos teritorijos žemėlapis: H3 langeliai virš Fenlando rajonų ir jų miestų.
nav-partners = Partneriai
    .help = Partnerių organizacijos, su kuriomis dirba Beacon.
nav-surveys = Apklausos
    .help = Apklausos prieš kampaniją ir po jos, ir kas pasikeitė.
nav-impact = Poveikis
    .help = Poveikio ataskaita: pasiekimas, apklausos ir mokymai, PDF, HTML, CSV ir JSON formatais.
nav-my-organisation = Mano organizacija
    .help = Jūsų organizacija ir jos paskyros.
nav-users = Naudotojai
    .help = Darbuotojų paskyros: kurkite, atkurkite slaptažodžius, išjunkite.
nav-audit = Veiksmų žurnalas
    .help = Kas, ką ir kada padarė.
nav-account = Paskyra
    .help = Jūsų kalba, slaptažodis ir API raktai.
logout = Atsijungti
signed-in-as = Prisijungta kaip { $email } ({ $role })
language = Kalba
language-auto = Automatiškai (pagal naršyklę)
save = Išsaugoti
footer-text = Beacon – atvirojo kodo programa. Ji nesaugo aukų, pranešėjų ar respondentų vardų ir kontaktų.

role-admin = Administratorius
role-analyst = Analitikas
role-campaigner = Kampanijų vadovas
role-translator = Vertėjas
role-evaluator = Vertintojas
role-partner = Partneris

## Login

login-title = Prisijungimas
login-email = El. pašto adresas
login-password = Slaptažodis
login-submit = Prisijungti
login-error-wrong = Neteisingas el. pašto adresas arba slaptažodis.
login-error-expired = Prisijungimo formos galiojimas baigėsi. Bandykite dar kartą.
login-error-too-many = Per daug nesėkmingų bandymų. Palaukite minutę ir bandykite vėl.

## Home

home-title = Sveiki atvykę
home-greeting = Sveiki, { $email }.
home-your-role = Jūsų vaidmuo: { $role }
home-intro-admin = Tvarkote darbuotojų paskyras, partnerių organizacijas ir API raktus, galite skaityti veiksmų žurnalą.
home-intro-analyst = Įkeliate incidentų duomenis ir anoniminius bendruomenės pranešimus, nagrinėjate židinių žemėlapius, maršrutus ir prognozes.
home-intro-campaigner = Židinius paverčiate regionais ir auditorijomis, renkatės kalbas ir kūrinius, planuojate kampanijas.
home-intro-translator = Teikiate Fluent vertimų failus, kuriais parašyta kiekviena kampanija, laiškas, apklausa ir mokymų paketas.
home-intro-evaluator = Skaitote poveikio ataskaitas: pasiekiamumą ir apklausų rezultatus prieš ir po, su sąžiningais intervalais.
home-intro-partner = Jūsų organizacija gauna mokymų apie pavojaus ženklus paketus savo kalba ir praneša, kas buvo apmokyta.
home-open = Atidaryti

## Account

account-title = Jūsų paskyra
account-email = El. pašto adresas
account-role = Vaidmuo
account-language-help = Kuria kalba jums rodomi Beacon puslapiai. „Automatiškai“ – pagal naršyklės nustatymus.
account-password = Slaptažodis
account-change-password = Pakeisti slaptažodį
tokens-title = API raktai
tokens-help = Scenarijai raktą naudoja kaip „Authorization: Bearer …“. Raktas veikia jūsų vardu – atšaukite jį, kai jo nebereikia.
tokens-none = Neturite API raktų.
token-name = Pavadinimas
token-prefix = Prasideda
token-created = Sukurtas
token-last-used = Paskutinį kartą naudotas
token-status = Būsena
token-active = Galioja
token-revoked = Atšauktas
token-never = Niekada
token-revoke = Atšaukti
token-create = Sukurti raktą
token-new = Jūsų naujas raktas. Nukopijuokite jį dabar: Beacon jį rodo tik vieną kartą.
token-error-name = Raktui reikia pavadinimo (nuo 1 iki 100 simbolių).

## Password

password-title = Pasirinkite slaptažodį
password-first = Prisijungėte vienkartiniu slaptažodžiu. Norėdami tęsti, pasirinkite savo slaptažodį.
password-current = Dabartinis slaptažodis
password-new = Naujas slaptažodis
password-new-help = Bent 12 simbolių. Keli nesusiję žodžiai sudaro stiprų slaptažodį.
password-confirm = Pakartokite naują slaptažodį
password-submit = Išsaugoti slaptažodį
password-error-current = Dabartinis slaptažodis neteisingas.
password-error-mismatch = Naujieji slaptažodžiai nesutampa.
password-error-short = Naujame slaptažodyje turi būti bent 12 simbolių.
password-error-same = Naujas slaptažodis turi skirtis nuo dabartinio.

## Users

users-title = Darbuotojų paskyros
users-email = El. pašto adresas
users-role = Vaidmuo
users-partner = Partnerio organizacija
users-partner-none = Nėra (ne partnerio paskyra)
users-status = Būsena
users-active = Aktyvi
users-disabled = Išjungta
users-must-change = Turi vienkartinį slaptažodį
users-actions = Veiksmai
users-disable = Išjungti
users-enable = Įjungti
users-reset = Naujas vienkartinis slaptažodis
users-add = Pridėti paskyrą
users-add-submit = Sukurti paskyrą
users-created = Paskyros { $email } vienkartinis slaptažodis pateiktas žemiau. Perduokite jį asmeniškai: jis rodomas tik vieną kartą.

## Audit

audit-title = Veiksmų žurnalas
audit-when = Kada
audit-who = Kas
audit-action = Veiksmas
audit-subject = Objektas
audit-detail = Išsami informacija
audit-system = Sistema
audit-empty = Kol kas nieko neužregistruota.
audit-from = Nuo
audit-to = Iki
audit-pages = Veiksmų žurnalo puslapiai
audit-newer = Naujesni įrašai
audit-older = Senesni įrašai
# How a read reached Beacon: $via is api or page.
audit-via = { $via ->
    [page] puslapyje
   *[api] per API
}
audit-action-login = Prisijungimas
audit-action-demo-seed = Įkelti demonstraciniai duomenys
audit-action-user-create = Sukurta paskyra
audit-action-user-reset-password = Išduotas vienkartinis slaptažodis
audit-action-user-disable = Paskyra išjungta
audit-action-user-enable = Paskyra įjungta
audit-action-password-change = Pakeistas slaptažodis
audit-action-partner-create = Pridėta partnerių organizacija
audit-action-token-create = Sukurtas API raktas
audit-action-token-revoke = Atšauktas API raktas
audit-action-incidents-import = Importuoti incidentai
audit-action-incidents-read = Perskaityti incidentai
audit-action-reports-read = Perskaityti bendruomenės pranešimai
audit-action-hotspots-read = Peržiūrėti karštieji taškai
audit-action-emerging-read = Peržiūrėti kylantys karštieji taškai
audit-action-forecast-read = Peržiūrėta prognozė
audit-action-routes-read = Peržiūrėti maršrutai
audit-action-export = Eksportas
audit-action-report-accept = Pranešimas priimtas
audit-action-report-reject = Pranešimas atmestas
audit-action-locale-version = Išsaugotas vertimų failas
audit-action-locale-confirm = Patvirtinti vertimai
audit-action-creative-create = Sukurtas kūrinys
audit-action-creative-edit = Pakeistas kūrinys
audit-action-creative-approve = Patvirtintas kūrinys
audit-action-region-create = Sukurtas regionas
audit-action-region-delete = Ištrintas regionas
audit-action-region-shares = Nustatytos bendruomenių dalys
audit-action-population-import = Importuoti gyventojų duomenys
audit-action-audience-create = Sukurta auditorija
audit-action-audience-freeze = Užfiksuota auditorijos būsena
audit-action-job-retry = Užduotis paleista iš naujo iš neįvykdytų eilės
# The filter that chose a read's incidents: its set fields, joined with commas.
audit-filter-none = visi incidentai
audit-filter-from-year = nuo { $value } m.
audit-filter-to-year = iki { $value } m.
audit-filter-exploitation-type = išnaudojimas: { $value }
audit-filter-nationality = pilietybė: { $value }
audit-filter-data-source = šaltinis: { $value }
audit-filter-victim-gender = aukos lytis: { $value }
audit-filter-recruitment = verbavimas: { $value }
# $filter is the filter as described by the audit-filter-* messages.
audit-detail-incidents-read = Perskaityta incidentų: { $count }; { $filter }
audit-detail-reports-read = Perskaityta laukiančių bendruomenės pranešimų: { $count }
audit-detail-hotspots-read = Karštieji taškai, raiška { $resolution }, kaimynų žiedai: { $rings }, langeliai: { $cells }; { $filter }
audit-detail-emerging-read = Kylantys karštieji taškai, raiška { $resolution }, žingsnis: { $step ->
        [week] savaitė
       *[month] mėnuo
    }, daugiausia žingsnių: { $steps }, langeliai: { $cells }; { $filter }
audit-detail-routes-read = Maršrutai tarp { $level ->
        [cell] langelių (raiška { $resolution })
       *[country] šalių
    }: { $routes }; { $filter }
audit-detail-export = Eksportuota { $unit ->
        [routes] maršrutų
       *[cells] langelių
    }: { $count }; { $filter }
audit-subject-demo-seed = Demonstracija
audit-subject-report-accept = Pranešimas { $report }
audit-subject-report-reject = Pranešimas { $report }
audit-subject-creative-create = Kūrinys { $creative }
audit-subject-creative-edit = Kūrinys { $creative }
audit-subject-creative-approve = Kūrinys { $creative } ({ $locale })
audit-subject-region-create = Regionas { $region }
audit-subject-region-delete = Regionas { $region }
audit-subject-region-shares = Regionas { $region }
audit-subject-job-retry = Užduotis { $job } ({ $kind })
audit-subject-population-import = Gyventojų sluoksnis { $layer }
audit-subject-audience-create = Auditorija { $audience }
audit-subject-audience-freeze = Auditorija { $audience }
audit-detail-demo-seed = Partneriai, po paskyrą kiekvienam vaidmeniui, incidentai, pranešimai, gyventojai, Fenlando auditorija ir kūriniai
audit-detail-user-create = Vaidmuo: { $role }
audit-detail-partner-create = Rūšis: { $kind }
audit-detail-token-create = { $name }
audit-detail-token-revoke = { $name }
import-format-beacon = „Beacon“ CSV
import-format-ctdc = CTDC CSV
import-format-geojson = GeoJSON
import-format-json = JSON paketas
audit-detail-incidents-import = Formatas { $format }: eilučių: { $rows }, pridėta: { $added }, pasikartojančių: { $duplicates }
audit-detail-locale-version = Versija { $version } ({ $kind ->
        [rollback] atkūrimas
       *[upload] įkėlimas
    }): { $changes }
audit-detail-locale-confirm = Vis dar teisinga: { $ids }
audit-detail-creative-create = { $name }
audit-detail-creative-edit = Atšaukti patvirtinimai: { $withdrawn }
audit-detail-creative-approve = Tekstai ir paveikslėlis: { $content_hash }
audit-detail-region-create = Langeliai: { $cells }, raiška { $resolution }
audit-detail-region-delete = { $name }
audit-detail-region-shares = Kalbos: { $locales }
audit-detail-population-import = Langeliai: { $cells }, gyventojų: { $people }
audit-detail-audience-create = { $name }
audit-detail-audience-freeze = Versija { $version }: { $reason }

## Partners

partners-title = Partnerių organizacijos
partners-name = Pavadinimas
partners-sector = Sektorius
partners-members = Paskyros
partners-none = Partnerių organizacijų dar nėra.
partners-add = Pridėti partnerio organizaciją
partners-add-submit = Pridėti
partner-title = { $name }
partner-sector-bank = Bankas
partner-sector-local_authority = Savivaldybė
partner-sector-health = Sveikatos priežiūra
partner-sector-police = Policija
partner-sector-ngo = Bendruomenės organizacija (NVO)
partner-sector-employer = Darbdavys
partner-sector-other = Kita
# Sektoriai, kaip juos vadina senesni audito įrašai.
partner-sector-council = Savivaldybė
partner-sector-charity = Labdaros organizacija
partner-members-none = Ši organizacija dar neturi paskyrų.

## Map

map-title = Kampanijos teritorija
map-intro = Fenlando demonstracinė teritorija: šeši Fenlando kovos su prekyba žmonėmis kampanijos rajonai, pavaizduoti maždaug 5 km² H3 langeliais. Kuo tamsesnis langelis, tuo daugiau jame surašymo vietovių, taigi ir gyventojų.
map-demo-title = Fenlando rajonai: surašymo vietovės H3 langelyje
map-demo-description = { $cells } H3 langeliai { $districts } rajonuose, nuspalvinti pagal surašymo vietovių (LSOA, po maždaug 1 500 gyventojų), kurių centras yra langelyje, skaičių. Pažymėti miestai, turintys 15 000 ir daugiau gyventojų.
map-demo-legend = Surašymo vietovės langelyje
map-no-data = nėra duomenų
map-all-values = visos reikšmės
map-cells-description = { $cells } H3 langelių žemėlapis, nuspalvintas pagal rodiklį „{ $what }“.
map-districts = Rajonai
map-district = Rajonas
map-lsoas = Surašymo vietovės (LSOA)
map-area = Plotas (km²)
map-towns = Miestai
map-town = Miestas
map-population = Gyventojai
map-sources = Ribos: Jungtinės Karalystės nacionalinės statistikos tarnyba, 2011 m. LSOA (Open Government Licence v3). Miestai: GeoNames (CC BY 4.0). Šalių kontūrai: Natural Earth (viešoji nuosavybė).

## Errors

error-title = Kažkas nepavyko
error-not-found = Tokio puslapio nėra.
error-forbidden = Jūsų vaidmeniui šis puslapis neprieinamas.
error-too-many = Per daug bandymų. Palaukite minutę ir bandykite vėl.
error-internal = Beacon nepavyko įvykdyti šios užklausos. Klaida užregistruota.
error-unavailable = Beacon šiuo metu negali nieko išsaugoti, todėl niekas neišsaugota. Bandykite dar kartą po kelių minučių.
error-bad-request = Beacon negalėjo panaudoti to, kas buvo atsiųsta.
error-home = Grįžti į pradžios puslapį

## Kodėl užklausa atmesta (rodoma po klaidingo lauko, jei jis yra)

refused-exists-email = paskyra su šiuo el. pašto adresu jau yra
refused-exists-partner = partnerių organizacija tokiu pavadinimu jau yra
refused-exists-contact = šis partneris jau turi kontaktą su šiuo adresu
refused-pack-region-not-served = partneris neaptarnauja šio regiono: pirmiausia pridėkite jį prie partnerio regionų
refused-pack-no-region = partneris dar neaptarnauja jokio regiono: pirmiausia nustatykite jo regionus
refused-pack-no-local-contacts = regionui { $region } nenurodyti vietiniai kontaktai: prieš siųsdami rinkinį įrašykite juos į { $setting }
refused-pack-no-contacts = partneris neturi kontaktų, kuriems būtų galima išsiųsti rinkinį: pirmiausia juos pridėkite arba importuokite
refused-pack-name-region = partneris aptarnauja kelis regionus ({ $count }): nurodykite, kuriam skirtas rinkinys
refused-pack-rendered-meanwhile = tuo pačiu metu buvo išduota kita šio rinkinio versija: bandykite dar kartą
refused-training-day = tai ne diena (2026-11-30) arba ji dar neatėjo
refused-training-staff = nuo 1 iki { $max } žmonių
refused-training-quiz = teisingų atsakymų turi būti nuo 0 iki pateiktų atsakymų skaičiaus, ir bent vienas atsakymas
refused-training-pack = tai ne šio partnerio rinkinys
refused-no-campaign = nėra kampanijos { $id }
refused-exists-list = adresų sąrašas tokiu pavadinimu jau yra
refused-link-expired = ši nuoroda nebegalioja: paprašykite naujos
refused-exists-region = regionas tokiu pavadinimu jau yra
refused-exists-layer = gyventojų sluoksnis tokiu pavadinimu jau yra
refused-exists-audience = auditorija tokiu pavadinimu jau yra
refused-exists-creative = kūrinys tokiu pavadinimu jau yra
refused-exists-survey = apklausa tokiu raktu jau yra
refused-exists-wave = ši apklausa jau turi bangą tokiu raktu
refused-exists-group = ši apklausa jau turi grupę tokiu raktu
refused-conflict = tai prieštarauja jau saugomiems duomenims
refused-partner-needs-organisation = partnerio paskyra priklauso vienai partnerių organizacijai
refused-no-partner = tokios partnerių organizacijos nėra
refused-only-partners-have-organisation = partnerių organizacijai priklauso tik partnerių paskyros
refused-disable-self = negalite išjungti savo paskyros
refused-name-length = pavadinimas nuo 1 iki { $max } simbolių
refused-reason-length = priežastis – ne ilgesnė nei { $max } simbolių
refused-day-order = diena, ne ankstesnė už pirmąją
refused-one-of = vienas iš: { $choices }
refused-range = nuo { $min } iki { $max }
refused-positive-days = teigiamas dienų skaičius
refused-choice = „{ $value }“: pasirinkite vieną iš: { $choices }
refused-region-in-use-by = regionas { $id } naudojamas auditorijoje „{ $audience }“; pirma ištrinkite arba pakeiskite auditoriją
refused-region-in-use = regionas { $id } naudojamas auditorijoje; pirma ištrinkite arba pakeiskite auditoriją
refused-resolution = { $value }: naudokite H3 skyrą nuo { $min } iki { $max }
refused-no-district = pasirinkite bent vieną rajoną
refused-unknown-district = nežinomas rajonas „{ $name }“: žinomi yra { $known }
refused-no-hot-area = nė viena vietovė nėra karšta { $confidence }% patikimumu su pakankamai saugomų incidentų, kad ja būtų galima dalytis
refused-no-cell = pasirinkite bent vieną langelį
refused-not-a-cell = sąrašo { $item } elementas „{ $value }“ nėra H3 langelis
refused-no-locale = pasirinkite bent vieną lokalę
refused-unknown-locale = nežinoma lokalė „{ $code }“: Beacon turi šių lokalių failus: { $known }
refused-unknown-group = nežinoma grupė „{ $value }“: sukonfigūruotos { $known }
targets-empty-region = regione nėra langelių, todėl nėra ką taikyti
targets-mixed-resolutions = regione sumaišytos H3 skyros: pirmojo langelio skyra { $first }, o langelio { $cell } – { $other }; užpildykite regioną viena skyra
targets-zero-population = regione niekas negyvena (gyventojų suma lygi 0), todėl aprėpties apskaičiuoti negalima
targets-bad-population = langeliui { $cell } nurodytas gyventojų skaičius { $value }; jis turi būti 0 arba daugiau
refused-too-many = daugiau nei { $max } vienu kartu
refused-too-many-cells = { $cells } langelių { $resolution } skyra – daugiau nei riba { $limit }
refused-two-regions = nurodykite bent du regionus
refused-empty-region = regionas tuščias (atėmus išimtis nieko nelieka)
refused-region-too-fine = regione yra { $cells } langelių { $resolution } skyra – daugiau nei riba { $limit }; pasirinkite stambesnę skyrą
refused-share = dalis nuo 0 iki 1
refused-language-tag = „{ $tag }“ nėra kalbos žymė (pvz., lt, pl, pt-BR)
refused-no-source = nurodykite, iš kur šis skaičius
refused-no-region = regiono { $id } nėra
refused-no-freeze-reason = nurodykite, kodėl ji užšaldoma (pvz., kokiai kampanijai ji suplanuota)
refused-not-utf8 = { $file }: ne UTF-8 tekstas
refused-not-a-region = „{ $value }“ nėra regionas
refused-choose-file = pasirinkite failą
refused-not-json = { $file }: ne JSON ({ $line } eilutė, { $column } stulpelis)
refused-form = formos nepavyko perskaityti: pateikite ją iš puslapio dar kartą
refused-upload-cut = failas atėjo ne visas: siųskite jį dar kartą
refused-rollback = ta versija nebepraeina patikrų: { $findings }
refused-job-not-dead = užduotis { $id } yra būsenos „{ $status }“: iš naujo galima paleisti tik neįvykdytų eilėje esančią užduotį
refused-landing-url = srauto kampanijai reikia puslapio, į kurį nukreipiami žmonės, https:// adreso
refused-end-before-start = pabaiga turi būti po pradžios
refused-end-passed = pabaiga jau praėjo
refused-datetime = „{ $value }“ nėra data ir laikas: rašykite 2027-03-01T09:00 (kampanijos laiko juostoje) arba 2027-03-01T09:00:00Z
refused-datetime-skipped = { $value } laiko juostoje { $zone } nebūna: tą dieną laikrodžiai persukami į priekį
refused-no-channel = pasirinkite bent vieną kanalą
refused-channel-twice = { $channel } nurodytas du kartus
refused-budget = { $value }: biudžetas – teigiamas sveikasis mažiausių valiutos vienetų (pensų, centų) skaičius
refused-currency = „{ $value }“ nėra ISO 4217 valiutos kodas, pvz., GBP ar EUR
refused-schedule-no-run = „{ $cron }“ neturi nė vieno paleidimo tarp kampanijos pradžios ir pabaigos
refused-campaign-state = kampanijos, kurios būsena „{ $state }“, negalima { $action }
refused-campaign-unapproved = kūrinys nepatvirtintas šiomis kalbomis: { $locales } (toks, koks rodomas dabar): pirmiausia jį patvirtinkite
email-plan-failed = el. laiškų nepavyko suplanuoti, niekas neišsiųsta: { $detail }
email-relay-error = el. pašto serveris dabar nepasiekiamas, siuntimas laukia ir bandys vėl: { $detail }
refused-email-no-list = pasirinkite nuo vieno iki 50 el. pašto sąrašų
refused-no-list = el. pašto sąrašo { $id } nėra
refused-no-snapshot = auditorijos būsenos { $id } nėra: pirmiausia užfiksuokite auditoriją
refused-no-creative = kūrinio { $id } nėra
refused-campaign-reason = nurodykite priežastį
refused-move-body = nesiųskite turinio arba siųskite JSON objektą su „reason“
refused-campaign-changed = tai, kas buvo patvirtinta, pasikeitė (kūrinio tekstai arba paveikslėlis): kampanija vėl yra juodraštis; patvirtinkite ją iš naujo
finding-at = { $file }:{ $line }:{ $column }: { $problem }
refused-not-percentage = „{ $value }“ nėra procentai
refused-choose-region = pasirinkite regioną
refused-email-at = el. pašto adresui reikia @
refused-email = ne el. pašto adresas, pvz., vardas@pavyzdys.lt
refused-email-length = el. pašto adrese nėra tarpų ir yra ne daugiau kaip 254 simboliai
field-email = El. pašto adresas
field-role = Vaidmuo
field-partner_id = Partnerių organizacija
field-name = Pavadinimas
field-sector = Sektorius
field-id = Paskyra
upload-unknown-locale = nežinoma lokalė „{ $code }“: „Beacon“ turi { $known }; administratorius lokalę prideda sukurdamas aplanką locales/{ $code }/
upload-bad-file-name = „{ $name }“ nėra lokalės failo pavadinimas: naudokite mažąsias raides, skaitmenis, - arba _, o pabaigoje .ftl
upload-too-large = { $file }: { $size } baitų – daugiau nei vieno lokalės failo riba { $limit } baitų
upload-rejected = įkeltame faile yra klaidų: { $errors }; niekas neišsaugota
upload-no-such-version = { $file } neturi { $version } versijos
upload-reference-never-stale = pavyzdinė lokalė niekada nepasensta
upload-zip-not-zip = ne zip failas
upload-zip-escapes = { $name }: kelias išeina iš lokalės aplanko; zip faile gali būti tik <failas>.ftl arba { $locale }/<failas>.ftl
upload-zip-not-locale-file = { $name }: zip faile gali būti tik .ftl failai, pavadinti mažosiomis raidėmis, skaitmenimis, - ir _
upload-zip-too-large = { $name }: išpakavus { $size } baitų – daugiau nei vieno failo riba { $limit } baitų
upload-zip-too-many = zip faile daugiau nei { $limit } failų
upload-zip-duplicate = { $name } zip faile yra du kartus
upload-zip-empty = zip faile nėra .ftl failų
upload-unreadable = { $path } perskaityti nepavyksta
upload-no-reference = { $dir }: nėra aplanko `en`: en yra pavyzdys, su kuriuo lyginamas kiekvienas vertimas
upload-no-such-locale = aplanke nėra lokalės „{ $code }“
refused-creative-no-message = { $file } neturi pranešimo „{ $id }“
refused-creative-no-attributes = „{ $id }“ neturi { $attributes }
refused-image-ref = paveikslėlio kelias, pvz., images/fields.jpg (raidės, skaitmenys, - _ . /), arba https:// adresas
refused-not-a-number = ne skaičius
refused-not-a-boolean = nei „true“, nei „false“
refused-query = šis puslapis tokios užklausos nesupranta
refused-unknown-parameter = tai ne šio adreso parametras
impact-error-no-campaign = pasirinkite bent vieną kampaniją
impact-error-too-many = vienoje ataskaitoje ne daugiau kaip { $max } kampanijų
impact-page-title = Poveikio ataskaita
impact-intro = Pasirinkite kampanijas, regioną palyginimui ir ataskaitos kalbą. Ataskaita nerodo grupių, mažesnių nei { $k }, ir nieko neįvardija; tie patys duomenys duoda tą pačią ataskaitą, baitas į baitą.
impact-campaigns = Kampanijos
impact-comparison = Palyginimo regionas
impact-comparison-default = pirmasis apklausos palyginimo regionas
impact-language = Ataskaitos kalba
impact-weighted = Sverti apklausos atsakymus pagal gyventojų amžiaus ir lyties sudėtį
impact-show = Rodyti ataskaitą
impact-downloads = Atsisiųsti
impact-download-pdf = Ataskaita PDF formatu
impact-download-html = Ataskaita kaip vienas HTML puslapis spausdinti
impact-download-json = Duomenys JSON formatu
impact-download-zip = Visi duomenys: CSV failai, JSON ir README viename zip faile
impact-download-csv = Kiekvienos diagramos ir lentelės duomenys CSV formatu:
impact-none = Kol kas nėra kampanijos, apie kurią būtų galima pranešti.
impact-note-audiences-added = { $count } kampanijos buvo skirtos skirtingoms auditorijoms; jų dydžiai sudedami, laikant, kad jos neturi bendrų žmonių.
refused-day = diena formatu MMMM-MM-DD
refused-audit-user = paskyros numeris arba operator
refused-locale = ne viena iš galimų kalbų
refused-choose-ftl = pasirinkite .ftl failą arba kalbos .zip failą
refused-tick-translations = pažymėkite vertimus, kurie vis dar teisingi
region-place = { $path }
region-ring = { $path }, { $ring } žiedas ({ $outer ->
        [yes] išorinis
       *[no] skylė
    })
region-no-coordinates = nėra koordinačių
region-no-area = { $kind } neturi ploto: naudokite Polygon arba MultiPolygon
region-not-rings = ne žiedų sąrašas
region-crosses-itself = kerta pats save: kraštinė nuo { $i } iki { $i_next } padėties kerta kraštinę nuo { $j } iki { $j_next } padėties ties { $near }
region-not-positions = ne padėčių sąrašas
region-not-lon-lat = { $i } padėtis: ne [ilguma, platuma]
region-not-easting-northing = { $i } padėtis: ne [rytų koordinatė, šiaurės koordinatė]
region-not-numbers = { $i } padėtis: ne skaičiai
region-not-on-earth = { $i } padėtis: { $xy } nėra Žemėje
region-not-on-earth-swapped = { $i } padėtis: { $xy } nėra Žemėje (platuma pirmoji? GeoJSON padėtys yra [ilguma, platuma])
region-grid-looks-like-degrees = { $i } padėtis: { $xy } atrodo kaip ilguma ir platuma, bet crs nurodo Didžiosios Britanijos nacionalinio tinklelio metrus (EPSG:27700): pašalinkite crs narį arba perprojektuokite
region-outside-britain = { $i } padėtis: { $xy } yra už Didžiosios Britanijos, kurią dengia jos nacionalinis tinklelis (EPSG:27700)
region-too-few-positions = padėčių: { $count }; žiedui reikia bent 4 (pirmoji pakartota pabaigoje)
region-not-closed = neuždarytas: 0 padėtis yra { $first }, bet paskutinė, { $last_i } padėtis, yra { $last }
region-cannot-reproject = nepavyksta perprojektuoti iš Didžiosios Britanijos nacionalinio tinklelio
region-did-not-reproject = { $i } padėtis: { $xy } neperprojektuota iš Didžiosios Britanijos nacionalinio tinklelio
region-round-the-earth = apeina visą Žemę (kerta 180° dienovidinį tarp { $i } ir { $i_next } padėčių ir negrįžta atgal), kaip žiedas aplink ašigalį: padalykite jį į dalis, kurios to nedaro (RFC 7946 §3.1.9)
region-polygon = { $i } daugiakampis
region-cannot-fill = nepavyksta užpildyti H3 langeliais
region-in-file = { $file }: { $problem }
region-not-geojson = ne GeoJSON
region-unsupported-crs = koordinatės yra sistemoje { $crs }, kurios „Beacon“ neskaito: perprojektuokite failą į WGS 84 ilgumą ir platumą (RFC 7946 GeoJSON), pvz., `ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson`
region-geometry = { $place }: { $reason }
region-too-many-vertices = regione yra { $count } padėčių – daugiau nei riba { $limit } (audience.max_region_vertices); supaprastinkite jį, pvz., `ogr2ogr -simplify 0.0001 out.geojson in.geojson`
region-too-slow = regiono tikrinimas užtruko ilgiau nei { $ms } ms (audience.region_check_ms); supaprastinkite jį arba padalykite į mažesnius regionus
region-empty = regionas tuščias (nėra Polygon ar MultiPolygon su plotu)
refused-report-reviewed = pranešimas { $id } jau { $status ->
        [accepted] priimtas
        [rejected] atmestas
       *[other] peržiūrėtas
    }

## Analysis

nav-reports = Pranešimai
    .help = Anoniminiai visuomenės pranešimai, laukiantys priėmimo ar atmetimo.
reports-title = Bendruomenės pranešimai
reports-intro = Čia laukia anoniminiai visuomenės pranešimai. Priimkite pranešimą, kad jis būtų įtrauktas į incidentus (su pusės patikimumu); atmeskite, jei jis neaprašo išnaudojimo. Kiekvienas pranešimas saugo tik dieną ir apie 5 km² vietovę.
reports-day = Diena
reports-cell = Vietovė (H3 langelis)
reports-category = Įtarimas
reports-signs = Pastebėti požymiai
reports-language = Kalba
reports-accept = Priimti
reports-reject = Atmesti
reports-none = Laukiančių pranešimų nėra.
nav-hotspots = Židiniai
    .help = Kur telkiasi incidentai: Gi* karštieji ir šaltieji taškai H3 langeliuose, su filtrais ir eksportu.
filter-any = Bet koks
filter-apply = Taikyti
hotspots-title = Židiniai
hotspots-intro = Incidentai suskaičiuojami kiekviename H3 langelyje, pasveriami pagal patikimumą (ir pagal naujumą, jei nurodote pusėjimo trukmę), tada kiekvienam langeliui ir jo { $rings } žiedų kaimynams apskaičiuojamas Getis-Ord Gi*. Raudonuose langeliuose incidentų susitelkę daugiau, nei lemtų atsitiktinumas; mėlynuose – mažiau. Reikšmingumas pataisytas dėl daugybinio tikrinimo (Benjamini-Hochberg).
hotspots-resolution = H3 skyra
hotspots-rings = Kaimynų žiedai
hotspots-half-life = Pusėjimo trukmė (dienomis)
hotspots-from-year = Nuo metų
hotspots-to-year = Iki metų
hotspots-type = Išnaudojimo tipas
hotspots-nationality = Pilietybė (ISO kodas)
hotspots-source = Duomenų šaltinis
hotspots-summary = Išnagrinėta langelių: { $cells }, incidentų: { $records }. Karštųjų taškų: { $hot }, šaltųjų: { $cold } (bent 90 % patikimumu).
hotspots-map-title = Židiniai: Gi* z įverčiai H3 langeliuose
hotspots-map-description = Langeliai nuspalvinti pagal Gi* z įvertį: raudona – virš nulio (šalia daugiau incidentų, nei tikėtasi), mėlyna – žemiau.
hotspots-legend = Gi* z įvertis
hotspots-caption = Langeliai su incidentais ir jų kaimynai. Rajonų ribos: JK nacionalinė statistikos tarnyba (Open Government Licence v3). Šalių kontūrai: Natural Earth.
hotspots-exports = Atsisiųsti
hotspots-table = Karščiausi langeliai
hotspots-cell = Langelis
hotspots-records = Incidentai
hotspots-weighted = Pasvertas skaičius
hotspots-class = Klasė
hotspots-z = Gi* z
hotspots-p = p
hotspots-q = q (FDR)
exploitation-forced-labour = Priverstinis darbas
exploitation-sexual = Seksualinis išnaudojimas
exploitation-forced-marriage = Priverstinė santuoka
exploitation-slavery = Vergovė
exploitation-organ-removal = Organų paėmimas
exploitation-forced-criminality = Priverstinis nusikalstamumas
exploitation-begging = Priverstinis elgetavimas
exploitation-multiple = Kelios rūšys
exploitation-other = Kita
exploitation-unknown = Nežinoma
nationality-unknown = Nežinoma
nationality-other = Kita
data-source-case-management = Bylų valdymas
data-source-hotline = Pagalbos linija
data-source-police = Policija
data-source-ngo = NVO
data-source-community-report = Bendruomenės pranešimas
data-source-synthetic = Sintetiniai (demonstraciniai)
data-source-other = Kita
class-hot-99 = Karštasis taškas, 99 % patikimumas
class-hot-95 = Karštasis taškas, 95 % patikimumas
class-hot-90 = Karštasis taškas, 90 % patikimumas
class-cold-99 = Šaltasis taškas, 99 % patikimumas
class-cold-95 = Šaltasis taškas, 95 % patikimumas
class-cold-90 = Šaltasis taškas, 90 % patikimumas
class-none = Nereikšminga
nav-emerging = Kylantys židiniai
    .help = Kur židiniai nauji, stiprėja, silpsta ar kartojasi laikui bėgant.
nav-routes = Maršrutai
    .help = Bylų kilmės, tranzito ir paskirties vietos su kiekvieno maršruto pilietybėmis.
emerging-title = Kylantys židiniai
emerging-intro = Incidentų erdvės ir laiko kubas: Gi* kiekviename laiko žingsnyje (su klaidingų atradimų dažnio pataisa), Mann-Kendall tendencijos testas kiekvieno langelio z įverčiams ir kiekvieno langelio klasė pagal karštų ir šaltų žingsnių seką, kaip ArcGIS Pro „Emerging Hot Spot Analysis“. Žemėlapyje – paskutinio žingsnio z įvertis.
emerging-step = Laiko žingsnis
emerging-step-month = Mėnuo
emerging-step-week = Savaitė
emerging-summary = { $cells } langeliai per { $steps } žingsnius, nuo { $first } iki { $last }. Incidentų su per netikslia šiam žingsniui data: { $undated } (jie neįtraukti).
emerging-map-title = Kylantys židiniai: Gi* z įvertis paskutiniame žingsnyje
emerging-map-description = Langeliai nuspalvinti pagal Gi* z įvertį naujausiame laiko žingsnyje: raudona – virš nulio, mėlyna – žemiau.
emerging-legend = Paskutinio žingsnio Gi* z
emerging-patterns = Rasti modeliai
emerging-pattern = Modelis
emerging-hot-steps = Karšti žingsniai
emerging-last-z = Paskutinis z
emerging-tau = Tendencija (tau)
emerging-definitions = Ką reiškia modeliai
pattern-new-hot = Naujas karštasis taškas
    .help = Karštas tik paskutiniame žingsnyje; anksčiau niekada.
pattern-consecutive-hot = Nuoseklus karštasis taškas
    .help = Karštų žingsnių seka, pasibaigianti paskutiniu žingsniu, prieš ją niekada nebuvo karštas, karštas mažiau nei 90 % žingsnių.
pattern-intensifying-hot = Stiprėjantis karštasis taškas
    .help = Karštas bent 90 % žingsnių, įskaitant paskutinį, o susitelkimas reikšmingai didėja (Mann-Kendall).
pattern-persistent-hot = Nuolatinis karštasis taškas
    .help = Karštas bent 90 % žingsnių, reikšmingos tendencijos nėra.
pattern-diminishing-hot = Silpstantis karštasis taškas
    .help = Karštas bent 90 % žingsnių, įskaitant paskutinį, o susitelkimas reikšmingai mažėja.
pattern-sporadic-hot = Epizodinis karštasis taškas
    .help = Karštas paskutiniame žingsnyje ir ankstesniuose, kurie nesudaro vienos sekos; niekada nebuvo šaltas.
pattern-oscillating-hot = Svyruojantis karštasis taškas
    .help = Karštas paskutiniame žingsnyje, o kuriame nors ankstesniame buvo šaltas.
pattern-historical-hot = Istorinis karštasis taškas
    .help = Karštas bent 90 % žingsnių, bet ne paskutiniame.
pattern-new-cold = Naujas šaltasis taškas
pattern-consecutive-cold = Nuoseklus šaltasis taškas
pattern-intensifying-cold = Stiprėjantis šaltasis taškas
pattern-persistent-cold = Nuolatinis šaltasis taškas
pattern-diminishing-cold = Silpstantis šaltasis taškas
pattern-sporadic-cold = Epizodinis šaltasis taškas
pattern-oscillating-cold = Svyruojantis šaltasis taškas
pattern-historical-cold = Istorinis šaltasis taškas
pattern-no-pattern = Modelio nėra
routes-title = Maršrutai
routes-intro = Iš kur aukos kilo, per kur buvo gabenamos ir kur išnaudojamos, su kiekvieno maršruto pilietybėmis ir išnaudojimo rūšimis. Šalių lygmuo naudoja kiekvienos bylos šalis; langelių lygmuo – bylas, turinčias ir kilmės, ir paskirties tašką.
routes-level = Lygmuo
routes-level-country = Šalys
routes-level-cell = H3 langeliai
routes-summary = Incidentų: { $incidents }; su žinoma kilme ir paskirtimi: { $with_route }; kilmės šalių: { $sources }, paskirties šalių: { $destinations }; maršrutų: { $routes }.
routes-route = Maršrutas
routes-nationalities = Pilietybės
routes-types = Išnaudojimo rūšys

## Auditorijos
nav-audiences = Auditorijos
    .help = Regionai, jų gyventojai ir kalbos, platformų priimami geografiniai taikiniai ir auditorijos.
audiences-title = Auditorijos
audiences-intro = Paverskite karštuosius taškus atsakymu, kam, kur ir kokia kalba kalbėti: sukurkite regioną, peržiūrėkite jo gyventojų skaičių ir ten vartojamas kalbas, įvertinkite auditorijos dydį ir parenkite kiekvienai reklamos platformai tinkamas geografines tikslines vietas.
audiences-regions = Regionai
audiences-name = Pavadinimas
audiences-made-from = Sudaryta iš
audiences-resolution = H3 skiriamoji geba
audiences-cells = Langeliai
audiences-no-regions = Regionų dar nėra.
audiences-audiences = Auditorijos
audiences-locales = Kalbos
audiences-version = Užfiksuota versija
audiences-no-audiences = Auditorijų dar nėra.
audiences-layers = Gyventojų sluoksniai
audiences-people = Žmonės
audiences-method = Metodas
audiences-layers-newest = Gyventojų skaičiai imami iš naujausio sluoksnio.
audiences-no-layers = Gyventojų sluoksnio dar nėra: kol jis neimportuotas, vietoje žmonių skaičiuojamas plotas.
audiences-new-region = Naujas regionas
audiences-confidence = Patikimumas (%)
audiences-rings = išplėsta žiedais
audiences-cells-hint = Spustelėkite langelius žemėlapyje apačioje arba įklijuokite H3 langelius, po vieną eilutėje.
audiences-exclude = Išimtinės zonos (atimamos)
audiences-make-region = Sukurti regioną
audiences-picker-caption = Spustelėkite langelius, kad juos pasirinktumėte; spustelėkite dar kartą, kad atsisakytumėte. Spalva: surašymo vietovių skaičius langelyje.
audience-picker-title = Pasirinkite Fenlando srities langelius
audiences-import-population = Importuoti gyventojų duomenis
audiences-format = Formatas
audiences-format-grid = Gyventojai tinklelyje (h3,population CSV, kaip skelbia Kontur)
audiences-format-geonames = Gyvenvietės (GeoNames CSV), paskirstytos gyvenvietės plote
audiences-country = Tik ši šalis (ISO kodas, nebūtina)
audiences-file = Failas
audiences-import = Importuoti
region-kind-districts = Apygardos
region-kind-geojson = GeoJSON failas
region-kind-hotspots = Karštieji taškai
region-kind-cells = Rankiniu būdu pasirinkti langeliai
region-kind-union = Regionų sąjunga
region-kind-intersection = Regionų sankirta
region-summary = { $cells } langelių, skiriamoji geba { $resolution } (suglaudinus – { $compacted }), { $area } km².
region-note-reprojected = Koordinatės perskaičiuotos iš Didžiosios Britanijos nacionalinio tinklelio (EPSG:27700) į WGS 84 ilgumą ir platumą (Helmerto transformacija, kelių metrų tikslumu).
region-note-antimeridian = { $place } kerta 180° dienovidinį tarp { $from } ir { $to } taško: ten padalyta į { $parts ->
        [one] { $parts } daugiakampį
        [few] { $parts } daugiakampius
        [many] { $parts } daugiakampio
       *[other] { $parts } daugiakampių
    }.
region-note-hotspots = Sritys, kurios yra židiniai su { $confidence } % patikimumu (Gi*, skiriamoji geba { $resolution }) ir kuriose pakanka atvejų, bendrinamos skiriamąja geba { $shared }: { $cells }; išplėsta { $rings } žiedais.
region-note-coarsened = Langeliai, smulkesni už skiriamąją gebą { $resolution }, pakeisti jų tėviniais langeliais: { $cells }.
region-note-excluded = Išimties zona „{ $zone }“ pašalino langelių: { $cells }.
region-note-stored = { $note }
region-population = Apie { $people } žmonių (gyventojų sluoksnis „{ $layer }“).
region-no-population = Gyventojų skaičius nežinomas: neimportuotas joks gyventojų sluoksnis. Toliau pateikiama aprėptis ir perteklius skaičiuojami pagal plotą.
region-targets = Geografinės tikslinės vietos pagal platformą
region-platform = Platforma
region-circles = Apskritimai
region-baseline = Paprastas sprendimas (apskritimų)
region-excluded = Išskirta
region-coverage = Aprėptis
region-spill = Perteklius
region-goals = Tikslai
region-downloads = Atsisiuntimai
region-goals-met = Aprėpties ir pertekliaus tikslai pasiekti
region-goals-missed = Tikslai nepasiekti
platform-meta = Meta
platform-google = Google Ads
region-map-title = { $name }: žmonės langeliuose ir regiono „{ $name }“ tikslinės vietos
region-map-legend = Žmonių langelyje
region-map-caption = Regiono langeliai nuspalvinti pagal žmonių skaičių, virš jų – platformos „{ $platform }“ apskritimai.
region-languages = Siūlomos kalbos
region-locale = Kalba
region-residents = Ja kalbantys gyventojai
region-victims-region = Aukos regione
region-victims-routes = Aukos maršrutuose į šalį
region-sources = Iš kur paimtas įvertis
region-no-translation = (kalbos failų dar nėra)
region-shares = Bendruomenių dalys
region-shares-intro = Regiono gyventojų, kalbančių tam tikra kalba, dalis ir jos šaltinis (pavyzdžiui, surašymo pagrindinės kalbos lentelė). Pagal šiuos skaičius įvertinamas auditorijos dydis.
region-share-source = Šaltinis
region-shares-save = Išsaugoti dalis
region-new-audience = Nauja auditorija šiame regione
region-age-bands = Amžiaus grupės
region-genders = Lytys
gender-female = Moterys
gender-male = Vyrai
region-groups-hint = Palikite grupę tuščią, kad būtų įtraukti visi.
region-make-audience = Sukurti auditoriją
audience-region = Regionas
audience-population = { $people } žmonių
audience-all = visi
audience-sizes = Įvertintas dydis pagal kalbą
audience-speakers = Ja kalbantys gyventojai
audience-size = Pasirinktose grupėse
audience-basis = Pagrindas
audience-inputs = Pradiniai duomenys
audience-snapshots = Užfiksuotos versijos
audience-snapshots-intro = Auditorija užfiksuojama, kai suplanuojama ją naudojanti kampanija, kad ataskaitose būtų lyginami palyginami dalykai.
audience-reason = Priežastis
audience-no-snapshots = Dar neužfiksuota.
audience-freeze = Užfiksuoti versiją dabar

## Kalbų pasiūlymų ir auditorijų dydžių įrodymai
list-separator = ,{" "}
evidence-share = nustatyta dalis: { NUMBER($share, minimumFractionDigits: 1) } % gyventojų ({ $source }) ≈ { $people } žm.
evidence-share-unsized = nustatyta dalis: { NUMBER($share, minimumFractionDigits: 1) } % gyventojų ({ $source }); gyventojų skaičius nežinomas, todėl dydžio apskaičiuoti negalima
evidence-cldr = CLDR 48: šia kalba kalba { NUMBER($share, minimumFractionDigits: 1) } % šalies { $country } gyventojų
evidence-cldr-residents = CLDR 48: šia kalba kalba { NUMBER($share, minimumFractionDigits: 1) } % šalies { $country } gyventojų ≈ { $residents } gyventojų
evidence-victims-region = aukų pilietybės regiono incidentuose (CLDR 48 dalys) ≈ { NUMBER($victims, minimumFractionDigits: 1) } aukų: { $from }
evidence-victims-routes = aukų pilietybės maršrutuose į šalį (CLDR 48 dalys) ≈ { NUMBER($victims, minimumFractionDigits: 1) } aukų: { $from }
evidence-nationality = { $count } × { $country } (šia kalba kalba { $share } %)
audience-input-population = Regiono gyventojų: { $people } (gyventojų sluoksnis „{ $layer }“: { $method }).
audience-input-population-no-layer = Regiono gyventojų: { $people }.
audience-input-population-unknown = Regiono gyventojų skaičius nežinomas (jo nedengia joks gyventojų sluoksnis).
audience-input-groups = Amžiaus grupės { $ages }: { NUMBER($age_share, minimumFractionDigits: 1) } % gyventojų; lytys { $genders }: { NUMBER($gender_share, minimumFractionDigits: 1) } % ({ $source }).
audience-input-independent = Amžiaus ir lyties dalys taikomos nepriklausomai nuo kalbos, tarsi kiekvienos bendruomenės amžiaus ir lyties sudėtis būtų tokia pati kaip viso regiono.
audience-input-locale = { $locale }: { $basis }
audience-basis-unknown = nėra įvertinimo, kiek gyventojų kalba šia kalba: nustatykite šio regiono bendruomenės dalį

## Pastabos apie geografinius taikinius
targets-summary = { $count ->
        [one] { $count } tikslinis apskritimas pasiekia
        [few] { $count } tiksliniai apskritimai pasiekia
        [many] { $count } tikslinio apskritimo pasiekia
       *[other] { $count } tikslinių apskritimų pasiekia
    } { NUMBER($coverage, minimumFractionDigits: 1) } % regiono gyventojų, o už regiono ribų patenka { NUMBER($spill, minimumFractionDigits: 1) } % tiek žmonių; paprasčiausiam sprendimui (po apskritimą kiekvienam suglaudintam langeliui) reikia { $baseline } apskritimų.
targets-summary-excluded = { $count ->
        [one] { $count } tikslinis apskritimas
        [few] { $count } tiksliniai apskritimai
        [many] { $count } tikslinio apskritimo
       *[other] { $count } tikslinių apskritimų
    } (su pašalintais apskritimais: { $excluded }) pasiekia { NUMBER($coverage, minimumFractionDigits: 1) } % regiono gyventojų, o už regiono ribų patenka { NUMBER($spill, minimumFractionDigits: 1) } % tiek žmonių; paprasčiausiam sprendimui (po apskritimą kiekvienam suglaudintam langeliui) reikia { $baseline } apskritimų.
targets-coverage-short = Aprėptis { NUMBER($coverage, minimumFractionDigits: 1) } %, { NUMBER($points, minimumFractionDigits: 1) } procentinio punkto mažesnė už { $goal } % tikslą: { $why }.
targets-spill-over = Išėjimas už ribų { NUMBER($spill, minimumFractionDigits: 1) } %, { NUMBER($points, minimumFractionDigits: 1) } procentinio punkto didesnis už { $goal } % tikslą: { $why }.
targets-why-limit-coverage = { $limit } apskritimai (riba) negali aprėpti daugiau šio regiono neišeidami daugiau už jo ribų
targets-why-radius-coverage = { $min }–{ $max } km apskritimai negali pasiekti daugiau šio regiono žmonių neviršydami { $goal } % išėjimo už ribų tikslo
targets-why-limit-spill = { $limit } apskritimai (riba) negali tiksliau sekti šio regiono kontūro
targets-why-radius-spill = ne mažesni nei { $min } km apskritimai negali tiksliau sekti šio regiono kontūro
targets-no-population = Nėra gyventojų sluoksnio: vietoj žmonių skaičiuojamas plotas, todėl tuščia žemė ir jūra laikomos išėjimu už ribų.

## Translations
nav-translations = Vertimai
    .help = Kalbų failai: kas išversta, paseno ar trūksta, su patikromis, įkėlimais ir versijomis.
translate-title = Vertimai
translate-intro = Kiek kiekviena kalba išversta. Vertimas pasenęs, kai angliškas tekstas pasikeitė po vertimo: peržiūrėkite jį ir atnaujinkite arba patvirtinkite, kad jis vis dar tinka.
translate-locale = Kalba
translate-done = Atlikta
translate-translated = Išversta
translate-stale = Pasenę
translate-missing = Trūksta
translate-words-to-do = Liko žodžių
translate-percent = { $percent } %
translate-reference = Angliškas pagrindas
translate-reference-intro = Kiekvienas vertimas lyginamas su angliškais failais: pranešimų – { $messages }, žodžių – { $words }.
translate-messages = { $count ->
    [one] { $count } pranešimas
    [few] { $count } pranešimai
    [many] { $count } pranešimo
   *[other] { $count } pranešimų
}
translate-edit-reference = Įkelti naują angliškų failų versiją
translate-locale-title = Vertimai: { $locale }
translate-summary = Atlikta { $percent } %: išversta { $translated } iš { $messages } pranešimų, pasenusių – { $stale }, trūksta – { $missing }, liko žodžių – { $words }.
translate-file = Failas
translate-words-missing = Trūkstami žodžiai
translate-words-stale = Pasenę žodžiai
translate-obsolete = Nebenaudojami
translate-messages-heading = Pranešimai
translate-words = Žodžiai
translate-upload = Įkelti failą
translate-upload-help = .ftl failas arba šios kalbos .ftl failų .zip archyvas. Pirmiausia jis patikrinamas ir išsaugomas tik tada, jei neturi klaidų; kiekvieną išsaugotą versiją galima atkurti.
translate-upload-file = Failas (.ftl arba .zip)
translate-upload-target = Pakeičia
translate-upload-target-auto = Tokio paties pavadinimo failą
translate-upload-submit = Patikrinti ir įkelti
translate-to-do = Pranešimai, kuriuos reikia atlikti
translate-message = Pranešimas
translate-status = Būsena
translate-reference-text = Angliškai
translate-translation = Vertimas
translate-still-right = Vis dar tinka
translate-status-missing = Trūksta
translate-status-stale = Pasenęs: angliškas tekstas pasikeitė
translate-confirm = Patvirtinti, kad pažymėti vertimai vis dar tinka
translate-nothing-to-do = Nieko nereikia daryti: visi pranešimai išversti ir atnaujinti.
translate-history = Versijos
translate-version = Versija
translate-when = Kada
translate-who = Kas
translate-what = Kas pasikeitė
translate-current = naudojama
translate-rolled-back-to = Atkurta { $version } versija
translate-changes = pridėta { $added }, pakeista { $changed }, pašalinta { $removed }
translate-changed-ids = Pakeista
translate-rollback = Atkurti šią versiją
translate-shipped = Failas, pateiktas su Beacon
translate-download = Atsisiųsti naudojamą failą
translate-current-text = Naudojamas failas
translate-result-title = Įkėlimas patikrintas
translate-saved = { $count ->
    [one] Išsaugota: { $count } failas turi naują versiją.
    [few] Išsaugota: { $count } failai turi naujas versijas.
    [many] Išsaugota: { $count } failo turi naujas versijas.
   *[other] Išsaugota: { $count } failų turi naujas versijas.
}
translate-unchanged = Nėra ką išsaugoti: failas toks pat kaip naudojamas.
translate-refused = Įkėlimas atmestas, nieko neišsaugota.
translate-not-saved = { $errors ->
    [one] Neišsaugota: pirmiausia ištaisykite { $errors } klaidą.
    [few] Neišsaugota: pirmiausia ištaisykite { $errors } klaidas.
    [many] Neišsaugota: pirmiausia ištaisykite { $errors } klaidos.
   *[other] Neišsaugota: pirmiausia ištaisykite { $errors } klaidų.
}
translate-finding-counts = Klaidos: { $errors }, įspėjimai: { $warnings }
translate-severity-error = Klaida
translate-severity-warning = Įspėjimas
translate-column = { $column } stulpelis
translate-preview = Peržiūra
translate-preview-help = Kiekvienas šio failo pranešimas taip, kaip jį dabar rodo Beacon; kintamųjų vietoje – pavyzdinės reikšmės tarp ‹ ›. Pažymėtas tekstas rodomas kita kalba, nes šios kalbos vertimo dar nėra.
translate-rendered = Kaip rodoma

## Creatives
nav-creatives = Skelbimai
    .help = Skelbimai visomis kalbomis, peržiūrimi taip, kaip juos rodo kiekviena platforma, ir jų patvirtinimas.
creatives-title = Skelbimai
creatives-intro = Skelbimas – tai campaign.ftl pranešimas (antraštė, pagrindinis tekstas, aprašymas ir paveikslėlio aprašas) su paveikslėliu. Patvirtinkite kiekvieną kalbą prieš naudodami ją kampanijoje.
creatives-none = Skelbimų dar nėra.
creative-name = Pavadinimas
creative-message = Pranešimas campaign.ftl faile
creative-message-help = Pranešimai, turintys antraštę, pagrindinį tekstą ir aprašymą.
creative-image = Paveikslėlis
creative-new = Naujas skelbimas
creative-create = Sukurti skelbimą
creative-previews-help = Kiekviena kalba taip, kaip ją rodo kiekviena platforma; ilgis skaičiuojamas taip, kaip skaičiuoja platforma. Pažymėtas tekstas rodomas kita kalba, nes šios kalbos vertimo dar nėra.
creative-approved = Patvirtino { $by }, { $when }
creative-withdrawn = Patvirtinimas atšauktas: skelbimas pasikeitė po patvirtinimo { $when }
creative-platform-meta = Meta („Facebook“, „Instagram“)
creative-platform-google = „Google Ads“
creative-fallback-title = Vertimo dar nėra: rodoma kalba { $from }
creative-stale = Angliškas tekstas pasikeitė po vertimo
creative-length = { $field }: { $length }/{ $limit }
creative-field-headline = Antraštė
creative-field-primary-text = Pagrindinis tekstas
creative-field-description = Aprašymas
creative-field-image-alt = Paveikslėlio aprašas
creative-approve = Patvirtinti { $locale }
creative-edit = Redaguoti
creative-edit-help = Išsaugojus pakeitimą, visi šio skelbimo patvirtinimai atšaukiami.
creative-save = Išsaugoti pakeitimus
creative-problem-no-text = { $field }: teksto nėra jokia kalba
creative-problem-fallback = { $field }: kalba { $locale } vertimo neturi, rodomas tekstas kalba { $from }
creative-problem-over = { $field }: { $length } ženklų taip, kaip skaičiuoja { $platform }, daugiau nei leidžiama ({ $limit })
creative-problem-stale = { $message }: angliškas tekstas pasikeitė po to, kai buvo išverstas
creative-problem-pseudo = Pseudolokalė skirta maketams tikrinti ir niekada netvirtinama.
creative-not-approvable = Kalbos { $locale } patvirtinti negalima: { $problems }
problem-separator = ;{" "}

## CSV failų ir gyventojų sluoksnių skaitymas (pirma nurodomas failo vardas, eilutė ir stulpelis)
csv-row-too-long = eilutė ilgesnė nei { $kib } KiB – daugiausia, kiek Beacon perskaito; toliau neskaityta (gal liko neuždarytos kabutės?)
csv-cell-too-long = langelis ilgesnis nei { $kib } KiB – daugiausia, kiek Beacon perskaito; toliau neskaityta (gal liko neuždarytos kabutės?)
csv-not-utf8 = { $column } stulpelis nėra UTF-8 tekstas
csv-unequal-lengths = stulpelių: { $found }, o antraštėje jų { $expected }
csv-unreadable = neperskaitoma kaip CSV
population-at-line = { $file }: { $line } eilutė: { $problem }
population-at-field = { $file }: { $line } eilutė, laukas { $field }: { $problem }
population-header-not-utf8 = antraštė nėra UTF-8 tekstas
population-no-grid-column = nėra stulpelio „{ $name }“ (antraštėje turi būti h3 ir population)
population-no-settlement-column = nėra stulpelio „{ $name }“ (antraštėje turi būti name, latitude, longitude ir population)
population-no-country-column = nėra stulpelio „countrycode“, pagal kurį būtų galima pasirinkti šalį
population-not-a-cell = „{ $value }“ nėra H3 langelis
population-not-people = „{ $value }“ nėra žmonių skaičius (nuo 0 iki { $max }; pasaulyje gyvena apie 8,2 milijardo)
population-mixed-resolutions = langelio { $cell } skyra { $resolution }, o pirmojo failo langelio – { $first }: viename faile – viena skyra
population-cell-twice = langelis { $cell } pasikartoja
population-no-rows = nėra eilučių
population-no-settlements-in = šalyje { $country } gyvenviečių nėra
population-not-a-number = „{ $value }“ nėra skaičius
population-negative = { $value } yra neigiamas
population-more-than-earth = { $value } – daugiau žmonių, nei gyvena Žemėje
population-not-on-earth = [{ $latitude }, { $longitude }] nėra vieta Žemėje

## Užduočių eilė (administratoriams)
nav-jobs = Užduotys
    .help = Užduočių eilė: kas vykdoma fone, kas nepavyko, ir neįvykdytos užduotys.
jobs-title = Užduočių eilė
jobs-intro = Darbai, kuriuos Beacon atlieka fone: kampanijų paleidimas, kreipimaisi į reklamos platformas, pristatymo duomenų gavimas, siuntimai. Nepavykusi užduotis bandoma vėl po vis ilgesnės pertraukos; po paskutinio bandymo ji lieka čia, neįvykdytų eilėje, kol paleisite ją iš naujo.
jobs-all = Visos
jobs-none = Užduočių nėra.
job-id = Užduotis
job-kind = Rūšis
job-status = Būsena
job-run-at = Terminas
job-attempts = Bandymai
job-attempts-of = { $attempts } iš { $max }
job-error = Paskutinė klaida
job-retry = Paleisti iš naujo
job-status-queued = Eilėje
job-status-running = Vykdoma
job-status-done = Atlikta
job-status-dead = Neįvykdytos
job-kind-probe = Eilės patikra

## Schedules

schedule-bad-cron = „{ $expression }“ nėra tvarkaraštis: { $field ->
        [count] laukų jame: { $count }, o tvarkaraštį sudaro 5 laukai (minutė valanda diena mėnuo savaitės diena) arba 6–7, kai pirmos eina sekundės, o paskutiniai – metai
        [second] „{ $value }“ negalima perskaityti kaip sekundžių (nuo 0 iki 59)
        [minute] „{ $value }“ negalima perskaityti kaip minučių (nuo 0 iki 59)
        [hour] „{ $value }“ negalima perskaityti kaip valandų (nuo 0 iki 23)
        [day] „{ $value }“ negalima perskaityti kaip mėnesio dienų (nuo 1 iki 31)
        [month] „{ $value }“ negalima perskaityti kaip mėnesių (nuo 1 iki 12 arba nuo JAN iki DEC)
        [weekday] „{ $value }“ negalima perskaityti kaip savaitės dienų (nuo 0 iki 7, kur 0 ir 7 – sekmadienis, arba nuo SUN iki SAT)
        [weekday-from-sunday] „{ $value }“ negalima perskaityti kaip savaitės dienų (nuo 1 iki 7, kur 1 – sekmadienis, arba nuo SUN iki SAT)
        [year] „{ $value }“ negalima perskaityti kaip metų (nuo 1970 iki 2100)
       *[expression] rašykite: minutė valanda diena mėnuo savaitės diena, pavyzdžiui, 30 9 * * MON-FRI
    }
schedule-unknown-zone = „{ $zone }“ nėra IANA laiko juosta{ $suggestions ->
        [0] ; laiko juostų pavadinimai atrodo taip: Europe/London, America/New_York
       *[some] ; gal turėjote omenyje { $closest }?
    }
schedule-no-future-run = „{ $expression }“ laiko juostoje { $zone } po { $from } nebeturi nė vieno paleidimo: jame nurodyta niekada neateinanti diena (pavyzdžiui, vasario 30-oji) arba tik jau praėję metai
schedule-bad-window = „{ $value }“ nėra siuntimo langas: { $problem ->
        [empty] jis prasideda tada, kai baigiasi; jei siųsti galima bet kuriuo metu, jo nenurodykite
       *[format] rašykite pradžia-pabaiga gavėjo laiko juostoje, pavyzdžiui, 08:00-21:00 (langas gali apimti vidurnaktį, pvz., 21:00-08:00)
    }

## Kampanijos
nav-campaigns = Kampanijos
    .help = Kampanijos: kas, kam, kur, kada ir už kiek rodoma; jų būsena ir pristatymas.
campaigns-title = Kampanijos
campaigns-intro = Kampanija rodo patvirtintus kūrinius užfiksuotai auditorijai pasirinktais kanalais nuo pradžios iki pabaigos kampanijos laiko juostoje. Ji patvirtinama, suplanuojama ir laiku prasideda pati.
campaigns-none = Kampanijų dar nėra.
campaign-new = Nauja kampanija
campaign-needs-snapshot = Kampanijai reikia užfiksuotos auditorijos ir kūrinio: pirmiausia užfiksuokite auditoriją ir sukurkite kūrinį.
campaign-name = Pavadinimas
campaign-state = Būsena
campaign-channels = Kanalai
campaign-channel = Kanalas
campaign-starts = Pradžia
campaign-ends = Pabaiga
campaign-objective = Tikslas
campaign-objective-awareness = Žinomumas
campaign-objective-reach = Pasiekiamumas
campaign-objective-traffic = Srautas į puslapį
campaign-landing-url = Puslapis, į kurį nukreipiami žmonės (tik srautui)
campaign-snapshot = Užfiksuota auditorija
campaign-snapshot-option = { $audience }, { $version } versija
campaign-creative = Kūrinys
campaign-locales = Kalbos
campaign-locales-help = Atskirkite kableliais; galimos: { $locales }.
campaign-time-zone = Laiko juosta (IANA)
campaign-budget = Biudžetas
campaign-budget-minor = Biudžetas mažiausiais valiutos vienetais (pensais, centais)
campaign-budget-of = { $amount } { $currency } ({ $kind ->
        [daily] per dieną
       *[lifetime] iš viso
    })
campaign-currency = Valiuta (ISO 4217)
campaign-budget-kind = Biudžetas
campaign-budget-lifetime = Visai kampanijai
campaign-budget-daily = Dienai
campaign-send-window = Siuntimo langas (vietos laiku)
campaign-cron = Pasikartojantys siuntimai (cron, nebūtina)
campaign-cron-help = Minutė valanda diena mėnuo savaitės diena, kampanijos laiko juostoje: 0 18 * * FRI – kiekvieną penktadienį 18:00. Laikas, kurį laikrodžiai praleidžia, vykdomas jiems persukus; pasikartojantis – vieną kartą.
campaign-create = Sukurti kampaniją
campaign-unapproved = Nepatvirtinta (tokia, kokia rodoma dabar) šiomis kalbomis: { $locales }. Pirmiausia patvirtinkite kūrinį šiomis kalbomis.
campaign-cancel-reason = Atšaukimo priežastis
campaign-do-approve = Patvirtinti
campaign-do-schedule = Suplanuoti
campaign-do-launch = Pradėti dabar
campaign-do-pause = Pristabdyti
campaign-do-resume = Tęsti
campaign-do-cancel = Atšaukti kampaniją
campaign-progress = Platformoje
campaign-schedules = Tvarkaraščiai
campaign-next-runs = kiti paleidimai
campaign-calendar = Atsisiųsti suplanuotus srautus ir siuntimus (iCalendar)
campaign-objects = Objektai platformose
campaign-object-step = Žingsnis
campaign-object-id = Platformos ID
campaign-actor-worker = Beacon, laiku
campaign-actor-demo = demonstracija
campaign-actor-command-line = komandinė eilutė
campaign-export-files = Failai įkelti rankiniu būdu
campaign-reason-edited = pakeista po patvirtinimo
campaign-reason-changed = tai, kas buvo patvirtinta, pasikeitė (skelbimo tekstai arba paveikslėlis)
campaign-history = Istorija
campaign-no-history = Būsena dar nesikeitė.
campaign-state-draft = juodraštis
campaign-state-approved = patvirtinta
campaign-state-scheduled = suplanuota
campaign-state-running = vykdoma
campaign-state-paused = pristabdyta
campaign-state-completed = baigta
campaign-state-cancelled = atšaukta
campaign-refused-approve = patvirtinti
campaign-refused-schedule = suplanuoti
campaign-refused-launch = pradėti
campaign-refused-pause = pristabdyti
campaign-refused-resume = tęsti
campaign-refused-complete = užbaigti
campaign-refused-cancel = atšaukti
campaign-refused-back_to_draft = grąžinti į juodraštį
campaign-refused-edit = keisti
channel-meta = Meta („Facebook“, „Instagram“)
channel-google = „Google Ads“
channel-export = Failai įkelti rankiniu būdu
channel-sandbox = Smėlio dėžė (repeticija)
channel-progress-pending = nepradėta
channel-progress-created = sukurta, pristabdyta
channel-progress-active = rodoma
channel-progress-paused = pristabdyta
channel-progress-ended = baigta
channel-progress-failed = nepavyko
job-kind-campaign_launch = Kampanijos pradžia
job-kind-campaign_complete = Kampanijos pabaiga
job-kind-campaign_deliver = Kampanija platformoje
job-kind-campaign_insights = Kampanijos rodymo duomenys
channel-error-text = { $detail }
campaign-delivery = Rodymas
campaign-delivery-none = Rodymo duomenų dar nėra: jie gaunami iš platformos, kai kampanija pradedama rodyti.
campaign-delivery-note = Pasiekiamumas – tą dieną pasiekti žmonės; dienų skaičiai nesumuojami, nes dvi dienas pasiektas žmogus vis tiek yra vienas žmogus.
campaign-delivery-fetched = Duomenys iš { $channel }, gauti { $at }.
campaign-day = Diena
campaign-reach = Pasiekiamumas
campaign-impressions = Parodymai
campaign-clicks = Paspaudimai
campaign-spend = Išlaidos
campaign-delivery-total = Visos dienos
campaign-peak-reach = daugiausia per dieną: { $reach }
audit-action-campaign-create = Sukurta kampanija
audit-action-campaign-edit = Pakeista kampanija
audit-action-campaign-move = Pakeista kampanijos būsena
audit-subject-campaign-create = Kampanija { $campaign }
audit-subject-campaign-edit = Kampanija { $campaign }
audit-subject-campaign-move = Kampanija { $campaign }
audit-detail-campaign-create = { $name }
audit-detail-campaign-move = { $from } → { $to } { $reason }
audit-action-campaign-budget = Pakeistas kampanijos biudžetas
audit-subject-campaign-budget = Kampanija { $campaign }
audit-detail-campaign-budget = { $channel }: { $from } → { $to } { $reason }
audit-action-list-create = Sukurtas adresų sąrašas
audit-action-subscribers-import = Importuoti prenumeratoriai
audit-action-subscribers-export = Atsisiųsti prenumeratoriai
audit-action-subscriber-erase = Ištrintas prenumeratorius
audit-subject-list-create = Sąrašas { $list }
audit-subject-subscribers-import = Sąrašas { $list }
audit-subject-subscribers-export = Sąrašas { $list }
audit-subject-subscriber-erase = Prenumeratorius
audit-detail-list-create = { $name }
audit-detail-subscribers-import = { $file }: pridėta { $added }, jau sąraše { $already }, blokuota { $suppressed }
audit-detail-subscribers-export = prenumeratorių: { $count }
audit-detail-subscriber-erase = sąrašo įrašų: { $entries }, { $by }
audit-action-partner-regions = Partnerio regionai nustatyti
audit-action-contacts-add = Partnerio kontaktai pridėti
audit-action-contacts-export = Partnerio kontaktai atsisiųsti
audit-action-contact-remove = Partnerio kontaktas pašalintas
audit-action-pack-render = Rinkinys išduotas
audit-subject-partner-regions = Partneris { $partner }
audit-subject-contacts-add = Partneris { $partner }
audit-subject-contacts-export = Partneris { $partner }
audit-subject-contact-remove = Partneris { $partner }
audit-subject-pack-render = Partnerio { $partner } rinkinys { $pack }
audit-detail-partner-regions = regionų: { $regions }
audit-detail-contacts-add = { $file }: pridėta { $added }, jau buvo { $already }
audit-detail-contacts-export = kontaktų: { $count }
audit-detail-contact-remove = vienas kontaktas ir viskas apie jį
audit-detail-pack-render = { $version } versija, kalba { $locale }
audit-action-pack-send = Rinkinys išsiųstas
audit-subject-pack-send = Partneris { $partner }
audit-detail-pack-send = { $contacts } kontaktams, regionas { $region }
audit-action-event-record = Renginys užregistruotas
audit-subject-event-record = Kampanija { $campaign }
audit-detail-event-record = pasiekta žmonių: { $people } (renginys { $event })
audit-action-training-report = Mokymai užregistruoti
audit-subject-training-report = Partneris { $partner }
audit-detail-training-report = apmokyta darbuotojų: { $staff }
audit-action-survey-create = Apklausa sukurta
audit-subject-survey-create = Apklausa { $survey }
audit-detail-survey-create = raktas { $key }
audit-action-survey-edit = Apklausa pakeista
audit-subject-survey-edit = Apklausa { $survey }
audit-detail-survey-edit = versija { $version }
audit-action-survey-wave = Pridėta apklausos banga
audit-subject-survey-wave = Apklausa { $survey }
audit-detail-survey-wave = banga { $key }
audit-action-survey-group = Pridėta apklausos grupė
audit-subject-survey-group = Apklausa { $survey }
audit-detail-survey-group = grupė { $key }
audit-action-survey-import = Importuoti apklausos atsakymai
audit-subject-survey-import = Apklausa { $survey }
audit-detail-survey-import = atsakymų: { $rows }, pažymėta peržiūrai: { $flagged } (importas { $import })
audit-action-survey-settle = Pažymėtas atsakymas išspręstas
audit-subject-survey-settle = Apklausa { $survey }
audit-detail-survey-settle = atsakymas { $response }, paliktas: { $kept }
audit-erased-by-subscriber = paties asmens prašymu
audit-erased-by-staff = darbuotojų
campaign-refused-budget = skirti naujo biudžeto
campaign-budget-change = Keisti biudžetą
campaign-budget-new = Naujas biudžetas (mažiausiais { $currency } vienetais)
campaign-budget-reason = Kodėl
campaign-budget-save = Keisti

## Ad platforms

channel-rate-limited = Reklamos platforma prašo Beacon siųsti lėčiau{ $seconds ->
        [0] ; Beacon bandys vėliau
       *[some] ; Beacon bandys dar kartą po { $seconds } s
    }
channel-transient = Reklamos platforma nepasiekiama arba laikinai neveikia; Beacon bandys dar kartą ({ $detail })
channel-auth = Reklamos platforma nebepriima Beacon prieigos: administratorius turi ją atnaujinti ({ $detail })
channel-refused = Reklamos platforma atmetė kampaniją: { $message }{ $field ->
        [none] {""}
       *[named] {" "}({ $field })
    }
channel-partial-failure = { $count ->
        [one] Atmesta { $count } kampanijos dalis
        [few] Atmestos { $count } kampanijos dalys
        [many] Atmesta { $count } kampanijos dalies
       *[other] Atmesta { $count } kampanijos dalių
    }: { $details }

## Prenumeratoriai ir jų sutikimas ($file, $line ir $column nurodo, kur importuotame faile yra klaida)

subscriber-bad-address = „{ $value }“ nėra el. pašto adresas
subscriber-import-at-line = { $file }: { $line } eilutė: { $problem }
subscriber-import-at-column = { $file }: { $line } eilutė, stulpelis { $column }: { $problem }
subscriber-import-empty = failas tuščias: reikia antraštės eilutės ir po vieną žmogų eilutėje
subscriber-import-not-utf8 = antraštė nėra UTF-8 tekstas: išsaugokite failą kaip CSV UTF-8
subscriber-import-column-twice = šis stulpelis kartojasi
subscriber-import-unknown-column = Beacon tokio stulpelio neskaito (skaito { $columns })
subscriber-import-no-column = trūksta šio stulpelio: jo reikia kiekvienai eilutei
subscriber-import-lat-lon-together = platuma ir ilguma nurodomos kartu arba nenurodomos
subscriber-import-duplicate = šis adresas jau yra failo { $first } eilutėje
subscriber-import-locale = „{ $value }“ nėra Beacon turima kalba ({ $locales })
subscriber-import-zone = „{ $value }“ nėra IANA laiko juosta, pvz., Europe/Vilnius
subscriber-import-source = „{ $value }“ nėra sutikimo būdas ({ $choices })
subscriber-import-consent-at = „{ $value }“ nėra data (2026-03-01) ar laiko momentas (2026-03-01T10:00:00Z)
subscriber-import-consent-future = „{ $value }“ yra ateityje: sutikimas užrašomas tada, kai jis duotas
subscriber-import-too-long = ilgesnis nei { $max } simbolių
subscriber-import-cell = „{ $value }“ nėra 7 ar smulkesnės raiškos H3 langelis
subscriber-import-point = „{ $value }“ nėra platuma ir ilguma Žemėje
subscriber-import-no-rows = faile yra antraštė, bet nėra nė vieno žmogaus
nav-lists = Adresų sąrašai
    .help = Adresų sąrašai: žmonės, paprašę žinių apie kampaniją, ir jų sutikimai; importas, paieška, atsisiuntimas, ištrynimas.
lists-title = Adresų sąrašai
lists-intro = Žmonės, paprašę žinių apie kampaniją ar organizaciją: kiekvieno kalba, laiko juosta ir apytikslė vietovė, taip pat kada, kaip ir kokiam tekstui jie davė sutikimą.
lists-none = Adresų sąrašų dar nėra.
list-name = Pavadinimas
list-confirmed = Patvirtinti
list-pending = Laukia patvirtinimo
list-unsubscribed = Atsisakę
list-new = Naujas sąrašas
list-create = Sukurti sąrašą
list-counts = Patvirtinta: { $confirmed }, laukia patvirtinimo: { $pending }, atsisakė: { $unsubscribed }
list-imported = Importuota: pridėta { $added }, jau sąraše { $already }, praleista { $suppressed } (atsisakė, laiškai grįžo, skundėsi arba ištrinti).
list-import-refused = Niekas neimportuota: faile { $count ->
        [one] { $count } klaida
        [few] { $count } klaidos
       *[other] { $count } klaidų
    }.
list-import = Importuoti prenumeratorius
list-import-help = CSV failas su stulpeliais email, locale, time_zone, consent_source (form, import arba partner) ir consent_at, o pasirinktinai consent_version ir cell (H3) arba latitude ir longitude (saugoma tik apytikslė vietovė). Viskas arba nieko: kiekviena bloga eilutė įvardijama.
list-import-file = CSV failas
list-import-do = Importuoti
list-export = Atsisiųsti sąrašą (CSV)
list-subscribers = Prenumeratoriai
list-search = Adrese yra
list-search-do = Ieškoti
list-no-subscribers = Šiame sąraše nieko tokio nėra.
subscriber-email = Adresas
subscriber-locale = Kalba
subscriber-zone = Laiko juosta
subscriber-status = Būsena
subscriber-consent = Sutikimas
subscriber-status-pending = laukia patvirtinimo
subscriber-status-confirmed = patvirtinta
subscriber-status-unsubscribed = atsisakė
subscriber-consent-by = { $source }, { $at }
subscriber-source-form = registracijos forma
subscriber-source-import = importuota
subscriber-source-partner = per partnerį
subscriber-erase = Ištrinti
subscription-title = Jūsų prenumerata
subscription-intro = Tai viskas, ką Beacon saugo apie { $email }.
subscription-download = Atsisiųsti (JSON)
subscription-unsubscribe = Atsisakyti visko
subscription-erase-confirm = Suprantu, kad ištrynimo atšaukti negalima.
subscription-erase = Ištrinti viską apie mane
subscription-link-expired = Ši nuoroda nebegalioja. Niekas nepakeista. Veikia naujesniame mūsų laiške esanti nuoroda.
subscription-link-invalid = Šios nuorodos nesukūrėme mes arba ji nukirpta. Niekas nepakeista.
subscription-unsubscribed = Prenumeratos atsisakėte. Daugiau laiškų iš mūsų negausite.
subscription-erased = Viskas, ką apie jus saugojome, ištrinta. Paliekame tik neatkuriamą jūsų adreso maišos reikšmę, kad joks sąrašas negalėtų jūsų vėl įtraukti be jūsų sutikimo.
job-kind-subscriber_confirm = Registracijos patvirtinimo laiškas
job-kind-campaign_email = Kampanijos el. laiškas
job-kind-pack_send = Rinkinio el. laiškas
refused-signup-consent = pažymėkite langelį, kad sutinkate gauti mūsų laiškus
signup-title = Gaukite mūsų žinias el. paštu
signup-intro = Užsiprenumeruokite „{ $list }“: keli laiškai apie teises darbe ir kur rasti pagalbos, jūsų kalba.
signup-email = Jūsų el. pašto adresas
signup-zone = Jūsų laiko juosta (kad rašytume tinkamu laiku)
signup-place = Kur maždaug gyvenate (nebūtina)
signup-place-none = Geriau nesakysiu
signup-consent = Sutinku gauti šios kampanijos laiškus. Bet kuriame iš jų galiu atsisakyti vienu paspaudimu ir paprašyti parodyti arba ištrinti viską, kas apie mane saugoma.
signup-do = Užsiprenumeruoti
signup-privacy = Saugome jūsų adresą, kalbą, laiko juostą ir, jei pasirinksite miestą, tik apytikslę vietovę aplink jį. Niekam jų neperduodame.
signup-sent = Ačiū. Jei šiuo adresu galima užsiprenumeruoti „{ $list }“, jums išsiųstas laiškas su patvirtinimo nuoroda. Kol nepatvirtinsite, nieko nesiųsime.
signup-too-many = Per pastarąją valandą iš šio ryšio užsiregistruota per daug kartų. Bandykite vėliau.
signup-confirmed = Ačiū: jūsų prenumerata patvirtinta.

## A campaign's e-mail

campaign-email = El. paštas
campaign-email-list = El. laiškas sąrašui (nebūtina)
campaign-email-none = Be el. laiško
campaign-email-window = El. laiškų siuntimo laikas
campaign-email-window-help = Valandos, kuriomis laiškas gali ateiti, pagal kiekvieno gavėjo laiko juostą, pvz., 08:00-21:00. Palikite tuščią, jei tinka bet kuri valanda.
campaign-email-to = Siunčiama:
campaign-email-window-is = { $window } pagal kiekvieno gavėjo laiko juostą
campaign-email-progress-pending = Laiškas suplanuojamas kampanijai prasidėjus: sąrašų patvirtinti prenumeratoriai kampanijos regione, kiekvienam jo kalba.
campaign-email-progress-sending = Siunčiama.
campaign-email-progress-paused = Sustabdyta kartu su kampanija.
campaign-email-progress-finished = Baigta: kiekvienas laiškas išsiųstas, nepavyko arba užblokuotas.
campaign-email-progress-stopped = Nutraukta: kampanija baigėsi anksčiau, nei išsiųsti visi laiškai.
campaign-email-total = Iš viso
campaign-email-rate = Išsiųsta per paskutinę minutę: { $minute }; per paskutinę valandą: { $hour }.
campaign-email-next = Kitas laiškas – { $at }.
campaign-email-failures = Kodėl laiškai nepavyko
email-status-queued = Eilėje
email-status-sending = Siunčiama
email-status-sent = Išsiųsta
email-status-failed = Nepavyko
email-status-suppressed = Užblokuota

## Partnerių puslapiai: regionai, kontaktai, rinkiniai, siuntimas, mokymai
field-campaign_id = Kampanija
field-held_on = Mokymų diena
field-locale = Kalba
field-pack_id = Rinkinys
field-quiz_after = Testas po
field-quiz_before = Testas prieš
field-region_id = Regionas
field-region_ids = Regionai
field-contacts = Kontaktai
field-staff_trained = Apmokyta darbuotojų
partners-toolkits = Įspėjamųjų ženklų priemonės pagal sektorių
partners-trainings = Mokymų suvestinė
pack-preview-show = Rodyti
pack-preview-title = Rinkinio peržiūra: { $name }
partner-regions = Aptarnaujami regionai
partner-regions-none = kol kas nėra
partner-regions-choose = Regionai, kuriuos aptarnauja šis partneris
partner-regions-save = Išsaugoti regionus
partner-regions-no-regions = Regionų dar nėra: pirmiausia sukurkite regioną auditorijų puslapyje.
partner-contacts = Kontaktai
partner-contacts-none = Kontaktų dar nėra.
partner-contact-add = Pridėti kontaktą
partner-contact-add-do = Pridėti kontaktą
partner-contact-remove = Pašalinti su visais duomenimis
partner-contacts-export = Atsisiųsti kontaktus (CSV)
partner-contacts-import = Importuoti kontaktus
partner-contacts-import-help = CSV failas su stulpeliais name, email, role ir locale. Nieko nepridedama, kol visos eilutės nėra teisingos.
partner-contacts-import-refused = { $count ->
    [one] Failas neimportuotas: reikia pataisyti { $count } eilutę.
    [few] Failas neimportuotas: reikia pataisyti { $count } eilutes.
   *[other] Failas neimportuotas: reikia pataisyti { $count } eilučių.
}
partner-packs = Rinkiniai
partner-packs-none = Rinkinys dar neišduotas.
partner-pack-version = Versija
partner-pack-issued = Išduotas
partner-pack-downloads = Atsisiuntimai
partner-pack-files = Failai
partner-pack-preview = Peržiūrėti kalba
partner-pack-issue = Išduoti rinkinį
partner-pack-issue-do = Išduoti rinkinį
partner-send = Siųsti rinkinį kontaktams
partner-send-help = Kiekvienas kontaktas gaus el. laišką savo kalba su nuoroda į rinkinio PDF, galiojančia { $hours } val.
partner-send-do = { $count ->
    [one] Siųsti { $count } kontaktui
   *[other] Siųsti kontaktams ({ $count })
}
partner-send-status = Būsena
partner-send-status-queued = Eilėje
partner-send-status-sending = Siunčiama
partner-send-status-sent = Išsiųsta
partner-send-status-failed = Nepavyko
partner-send-expires = Nuoroda galioja iki
partner-sends-none = Rinkinys dar nesiųstas.
partner-trainings = Mokymai
partner-trainings-none = Mokymų dar neužregistruota.
partner-training-pack = { $version } versija, { $region }
partner-training-quiz = teisingai { $correct } iš { $answers }
partner-training-report = Užregistruoti mokymus
partner-training-report-do = Užregistruoti
partner-training-no-campaign = Be kampanijos
partner-training-quiz-help = Testas prieš ir po (nebūtina): teisingi atsakymai iš visų atsakymų
partner-training-before-correct = Teisingi atsakymai prieš
partner-training-before-answers = Visi atsakymai prieš
partner-training-after-correct = Teisingi atsakymai po
partner-training-after-answers = Visi atsakymai po
toolkits-title = Įspėjamųjų ženklų priemonės
toolkits-help = Ką kiekvieno sektoriaus rinkinys sako kiekviena kalba. Dar neišversti skyriai imami iš atsarginės kalbos, ir rinkinys tai nurodo.
trainings-title = Mokymų suvestinė
trainings-summary = Užregistruota mokymų: { $sessions }; apmokyta darbuotojų: { $staff }.
trainings-quiz = Per { $sessions } mokymus su testu prieš ir po teisingų atsakymų dalis pakito nuo { $before } % iki { $after } %: { $change } procentinio punkto (95 % intervalas nuo { $low } iki { $high }).
trainings-no-quiz = Nė vienuose mokymuose nebuvo testo ir prieš, ir po.
trainings-by_partner = Pagal partnerį
trainings-by_sector = Pagal sektorių
trainings-by_region = Pagal regioną
trainings-by_campaign = Pagal kampaniją
trainings-group = Grupė
trainings-sessions = Mokymai
trainings-none = Kol kas nėra.
partner-pack-pdf = PDF
partner-pack-html = HTML

## Pasiekiamumas visais kanalais
reach-basis-platform-peak = daugiausia žmonių, kuriuos platforma pasiekė per vieną dieną (dienos skaičių negalima sudėti: tas pats žmogus skaičiuojamas kiekvieną dieną)
reach-basis-platform-lifetime = žmonės, kuriuos platforma pasiekė per visą kampaniją iki šiol, kiekvienas suskaičiuotas vieną kartą, kad ir kelias dienas matė reklamą (pačios platformos skaičius)
reach-basis-email-delivered = pristatyti el. laiškai: išsiųsti, atėmus adresus, kurie vėliau galutinai atmetė laiškus (nebūtinai atidaryti)
reach-basis-events = žmonės, suskaičiuoti tiesioginiuose renginiuose
reach-note-platform-peak = Reklamos platformos pasiekiamumą nurodo kiekvienai dienai; Beacon kaip platformos pasiekiamumą laiko didžiausią dienos skaičių, kuris yra ne didesnis nei per visą kampaniją pasiektų žmonių skaičius.
reach-note-platform-lifetime = Kai kurios reklamos platformos suskaičiuoja per visą kampaniją iki šiol pasiektus žmones, kiekvieną – vieną kartą, kad ir kelias dienas jis buvo pasiektas; Beacon šį skaičių laiko platformos pasiekiamumu.
reach-note-email = El. pašto pasiekiamumas – tai pristatyti laiškai: išsiųsta { $sent }, atėmus { $bounced }, kurių adresai, pasak pašto serverio, vėliau galutinai atmetė laiškus; { $failed } nepavyko išsiųsti ir jie neskaičiuojami. Laikini atmetimai ir atidarymai nesekami.
reach-note-events = Renginiuose žmonės skaičiuojami taip, kaip juos suskaičiavo organizatoriai; būdas nurodytas prie kiekvieno renginio.
reach-note-sainsbury = Unikalių per visus kanalus pasiektų žmonių skaičius daro prielaidą, kad kanalai auditorijoje persidengia atsitiktinai (Sainsbury formulė), ir niekada neviršija auditorijos.
reach-note-capped = { $count ->
    [one] { $count } kanalas nurodė daugiau žmonių, nei yra auditorijoje: jis laikytas visa auditorija.
    [few] { $count } kanalai nurodė daugiau žmonių, nei yra auditorijoje: kiekvienas laikytas visa auditorija.
   *[other] { $count } kanalų nurodė daugiau žmonių, nei yra auditorijoje: kiekvienas laikytas visa auditorija.
}
reach-note-no-audience = Kampanijos auditorija neturi gyventojų skaičiaus įverčio, todėl per visus kanalus pasiektų žmonių įvertinti negalima: pateikiama tik paprasta suma.
field-place = Vieta
field-people_reached = Pasiekta žmonių
field-counted_how = Kaip suskaičiuota
campaign-reach-heading = Pasiekiamumas visais kanalais
campaign-reach-channel = Kanalas
campaign-reach-people = Pasiekta žmonių
campaign-reach-basis = Kaip suskaičiuota
campaign-reach-sum = Visi kanalai kartu sudėjus
campaign-reach-unique = Unikalūs žmonės, įvertis
campaign-reach-audience = iš { $audience } žmonių auditorijos
campaign-reach-none = Joks kanalas dar nepranešė apie pasiekiamumą.
campaign-reach-staff = Šiai kampanijai apmokyta partnerių darbuotojų: { $staff }.
campaign-events = Tiesioginiai renginiai
campaign-events-none = Renginių dar neužregistruota.
campaign-event-add = Užregistruoti renginį
channel-email = El. paštas
channel-events = Renginiai
channel-pack = Partnerių rinkiniai
channel-qr = QR kodas
channel-event = Renginyje
channel-direct = Tiesioginė nuoroda
channel-other = Kita
campaign-reach-email = El. paštas: išsiųsta { $sent }, pristatyta { $delivered }; nuo tada galutinai atmesta { $bounced }, skundų { $complained }, atsisakė prenumeratos { $unsubscribed }.

## Apklausos (darbuotojų puslapiai)

field-key = Raktas
field-definition = Klausimai (JSON)
field-phase = Banga
field-opens_on = Atidaroma
field-closes_on = Uždaroma
field-channel = Kanalas
field-day = Diena
surveys-title = Apklausos
surveys-intro = Apklausos matuoja, ką kampanija pakeitė: pradinė banga prieš ją ir tolesnė po jos, kampanijos regione ir regione, į kurį ji nebuvo nukreipta.
surveys-none = Apklausų dar nėra.
surveys-version = Versija
surveys-responses = Atsakymai
surveys-flagged = Pažymėta peržiūrai
surveys-new = Nauja apklausa
surveys-definition-help = Kiekvieno klausimo žodžiai yra lokalės failų (survey.ftl) pranešimo id, todėl kiekviena kalba turi savo žodžius. Pakeitus apklausą, į kurią jau atsakyta, sukuriama nauja versija; ankstesni atsakymai išlaiko savąją.
surveys-free-text = Leisti laisvo teksto klausimus (jų atsakymai laikomi atskirai ir rodomi tik analitikams)
surveys-create = Sukurti apklausą
surveys-summary = Raktas { $key }, versija { $version }: atsakymų { $responses }, pažymėta peržiūrai { $flagged }.
surveys-questions = Klausimai
surveys-outcome = rezultatas
surveys-waves = Bangos
surveys-waves-none = Bangų dar nėra: pridėkite pradinę bangą prieš kampaniją ir tolesnę po jos.
surveys-phase-before = Pradinė (prieš)
surveys-phase-after = Tolesnė (po)
surveys-add-wave = Pridėti bangą
surveys-groups = Grupės
surveys-groups-none = Grupių dar nėra: pridėkite kampanijos regioną ir palyginimo regioną, į kurį ji nebuvo nukreipta.
surveys-role-target = kampanijos regionas
surveys-role-comparison = palyginimo regionas
surveys-add-group = Pridėti grupę
surveys-links = Nuorodos į apklausą
surveys-links-help = Kiekvienoje nuorodoje yra banga, grupė ir kanalas, nieko asmeniško. Kanalui, kuriuo Beacon pats nesiunčia, pakeiskite ch= į kanalą, kuriuo nuoroda platinama: google, event, direct.
surveys-carried-campaign = Kampanijos el. laiškuose (ch=email) ir jos skelbimuose, kai ji nenurodo savo nukreipimo puslapio (ch=meta, ch=sandbox, ch=export), yra nuoroda į šią apklausą: banga { $wave }, grupė { $group }.
surveys-carried-campaign-none = Jokiame kampanijos el. laiške ar skelbime nėra nuorodos į šią apklausą. Tam reikia kampanijos, dabar vykstančios arba dar būsimos tolesnės bangos ir tikslinės grupės, be to, ta pati kampanija neturi turėti naujesnės apklausos.
surveys-carried-packs = Partnerių paketuose tikslinės grupės regionui yra nuoroda į šią apklausą: banga { $wave }, grupė { $group } (ch=pack, o QR kode ch=qr).
surveys-carried-packs-none = Jokiame partnerio pakete nėra nuorodos į šią apklausą. Tam reikia tikslinės grupės su regionu, dabar vykstančios arba dar būsimos tolesnės bangos, be to, tas pats regionas neturi turėti naujesnės apklausos.
surveys-results = Rezultatai
surveys-outcome-is = Rezultatas: „{ $question }“
surveys-wave = Banga
surveys-group = Grupė
surveys-n = Atsakymai
surveys-share = Dalis
surveys-interval = 95 % intervalas
surveys-suppressed = mažiau nei { $k } atsakymų: rodoma tik analitikams
surveys-empty = atsakymų nėra
surveys-changes = Pokytis nuo pradinės iki tolesnės bangos
surveys-change = { $group }: { $change } procentinio punkto (95 % intervalas nuo { $low } iki { $high }; p = { $p })
surveys-change-none = { $group }: pokytis neapskaičiuotas
surveys-did = Skirtumų skirtumas, { $target } palyginti su { $comparison }: { $did } procentinio punkto (95 % intervalas nuo { $low } iki { $high }; p = { $p })
surveys-notes = Pastabos ir prielaidos
surveys-flagged-help = Beveik pasikartojantys atsakymai: beveik tokie patys kaip kiti, išsiųsti iš to paties adreso per kelias minutes. Jie neįtraukiami į rezultatus, kol nepalikti.
surveys-answers = Atsakymai
surveys-settle = Peržiūra
surveys-keep = Palikti
surveys-remove = Pašalinti
nav-forecast = Prognozė
    .help = Kur kitą laikotarpį tikėtini atvejai ir ar prognozė jūsų duomenyse pranoko paprastus skaičius.
forecast-title = Prognozė
forecast-intro = Kur kitą laikotarpį tikėtini atvejai. Prieš rodydamas žemėlapį, Beacon atkartoja paskutinius jūsų duomenų laikotarpius: parenka prognozę pagal ankstesnius laikotarpius, tada patikrina, ar ji rado daugiau vėliau įvykusių atvejų nei trys paprasti palyginimo metodai. Jei ne, žemėlapyje rodomas geriausias palyginimo metodas.
forecast-period = Laikotarpis
forecast-held-out = Tikrinimui atidėti laikotarpiai
forecast-area-percent = Pažymima teritorijos dalis (%)
forecast-verdict-heading = Kaip prognozei sekėsi per paskutinius { $held_out } laikotarpius
forecast-summary = Atvejų: { $points }; tiriama teritorija – { $cells } langeliai (tie, kuriuose iki atidėtų laikotarpių buvo atvejis, ir jų kaimynai), iš jų pažymėta { $flagged } ({ $percent } %).
forecast-chosen = Prognozė – { $model }; ji parinkta iš { $candidates } kandidatų pagal { $origins } laikotarpius iki { $until } (niekada pagal atidėtuosius). Branduolinio tankio palyginimas: { $kde }.
forecast-verdict-better = Geresnė nei { $baseline }: PAI { $forecast_pai }, palyginti su { $baseline_pai }, vidutinis skirtumas { $difference } (95 % intervalas nuo { $low } iki { $high }) per { $periods } laikotarpius.
forecast-verdict-tie = Ne geresnė nei { $baseline }: lygiosios. PAI { $forecast_pai }, palyginti su { $baseline_pai }, vidutinis skirtumas { $difference } (95 % intervalas nuo { $low } iki { $high } apima 0) per { $periods } laikotarpius.
forecast-verdict-worse = Blogesnė nei { $baseline }: PAI { $forecast_pai }, palyginti su { $baseline_pai }, vidutinis skirtumas { $difference } (95 % intervalas nuo { $low } iki { $high }) per { $periods } laikotarpius.
forecast-verdict-too-few = Palyginimas su { $baseline }: atvejų yra tik { $periods } atidėtuose laikotarpiuose – per mažai palyginti (reikia bent { $min }).
forecast-shown-forecast = Čia prognozė pranoko visus palyginimo metodus, todėl žemėlapyje rodoma prognozė laikotarpiui { $next }.
forecast-shown-baseline = Čia prognozė nepranoko visų palyginimo metodų, todėl žemėlapyje laikotarpiui { $next } rodomas geriausias iš jų atidėtuose laikotarpiuose: { $baseline }.
forecast-note-one-cell = Visi atvejai iki atidėtų laikotarpių yra viename langelyje: visi metodai pažymi jį, tad nėra ką rinktis.
forecast-note-empty = Laikotarpiais { $periods } tiriamoje teritorijoje atvejų nėra: jiems rodikliai neapibrėžti ir į vidurkius jie neįtraukti.
forecast-note-coarse = { $n ->
    [one] { $n } atvejo data šiam laikotarpiui per netiksli (pvz., tik metai), todėl jis neįtrauktas.
    [few] { $n } atvejų datos šiam laikotarpiui per netikslios (pvz., tik metai), todėl jie neįtraukti.
   *[other] { $n } atvejų datos šiam laikotarpiui per netikslios (pvz., tik metai), todėl jie neįtraukti.
}
forecast-map-title = Kur kitą laikotarpį tikėtini atvejai
forecast-map-description = H3 langeliai, nuspalvinti pagal tikėtiną atvejų skaičių kitą laikotarpį: kuo tamsesnis, tuo daugiau.
forecast-legend = Tikėtini atvejai
forecast-caption = Langeliai įvertinti aukščiau nurodytu metodu. Apskričių ribos: ONS (Open Government Licence v3). Šalių ribos: Natural Earth.
forecast-table = Kiekvienas atidėtas laikotarpis
forecast-col-period = Laikotarpis
forecast-col-method = Metodas
forecast-col-hit-rate = Pataikymo dalis (%)
forecast-col-pai = PAI
forecast-col-pei = PEI
forecast-col-rri = RRI
forecast-average = Vidurkis
forecast-method-forecast = prognozė
forecast-method-last-period = praėjusio laikotarpio skaičiai
forecast-method-all-time = viso laikotarpio skaičiai
forecast-method-kde = branduolinis tankis
forecast-model-last-period = praėjusio laikotarpio skaičiai
forecast-model-all-time = viso laikotarpio skaičiai
forecast-model-kde = viso laikotarpio skaičių branduolinis tankis per { $rings ->
    [one] { $rings } žiedą
    [few] { $rings } žiedus
   *[other] { $rings } žiedų
}
forecast-model-blend = naujausio dažnio (pusėjimo trukmė { $half_life } laikotarpiai, { $recent } %) ir ilgalaikio dažnio derinys, paskleistas { $rings ->
    [0] be kaimynų
    [one] per { $rings } žiedą
    [few] per { $rings } žiedus
   *[other] per { $rings } žiedų
}
forecast-measures = Ką reiškia rodikliai
forecast-measure-pai = PAI (prognozės tikslumo indeksas)
    .help = Laikotarpio atvejų dalis pažymėtuose langeliuose, padalyta iš pažymėtos teritorijos dalies. 1 – ne geriau nei atsitiktinai pažymėti langeliai.
forecast-measure-pei = PEI (prognozės efektyvumo indeksas)
    .help = Atvejai pažymėtuose langeliuose, padalyti iš didžiausio skaičiaus, kurį tą laikotarpį turėjo tiek pat bet kokių langelių: 1 – geriausia, kas įmanoma.
forecast-measure-rri = RRI (pakartotinio pataikymo indeksas)
    .help = Kaip pažymėtų langelių atvejų skaičius pasikeitė nuo ankstesnio laikotarpio, palyginti su visa teritorija. Didesnis nei 1 – jų dalis padidėjo. Tuščia, jei ankstesnį laikotarpį pažymėtuose langeliuose atvejų nebuvo.
forecast-measure-choice = Kaip parenkama prognozė
    .help = Kiekvienas kandidatas (trys palyginimo metodai ir 75 naujausio bei ilgalaikio dažnio deriniai, paskleisti per 0–2 žiedus) prognozuoja kiekvieną laikotarpį prieš atidėtuosius pagal ankstesnius. Geriausias palyginimo metodas – to, kurio vidutinis PAI ten didžiausias; geriausias derinys jį pakeičia tik aiškiai jį pranokęs (porinių skirtumų 95 % intervalas didesnis nei 0). Todėl tais laikotarpiais prognozė niekada nėra blogesnė už palyginimo metodus, o derinys naudojamas tik ten, kur to nusipelnė.
forecast-measure-comparison = Kaip lyginama
    .help = Kiekvienam atidėtam laikotarpiui su atvejais – prognozės PAI minus palyginimo metodo PAI; šių skirtumų vidurkis su 95 % intervalu iš 10 000 laikotarpių bootstrap imčių. Jei intervalas apima 0 – lygiosios.
forecast-error-held-out = Atidėkite nuo { $min } iki { $max } laikotarpių.
forecast-error-area-share = Pažymima teritorijos dalis turi būti didesnė nei 0 % ir ne didesnė nei 50 %.
forecast-error-no-points = Šiuos filtrus atitinkančių atvejų su šiam laikotarpiui pakankamai tiksliomis datomis nėra.
forecast-error-too-short = Per trumpa istorija prognozei parinkti: po { $warm_up } istorijos laikotarpių laikotarpiai nuo { $first } iki { $until } duoda { $origins } su atvejais tikrinimui, o reikia bent { $needed }. Atidėkite mažiau laikotarpių, naudokite savaites arba išplėskite filtrus.
forecast-error-no-training = Nėra iš ko mokytis: atvejai prasideda { $first }, po { $until }, paskutinio laikotarpio prieš atidėtuosius. Atidėkite mažiau laikotarpių.
forecast-error-other = Prognozės sudaryti nepavyko: { $reason }
field-held_out = Atidėti laikotarpiai
field-area_share = Pažymima teritorijos dalis
field-area_percent = Pažymima teritorijos dalis
field-filter = Filtrai
field-period = Laikotarpis
forecast-margin-chosen = Tais laikotarpiais geriausias derinys, { $blend }, aiškiai pranoko geriausią palyginimo metodą, { $baseline }: vidutiniškai { $difference } PAI (95 % intervalas nuo { $low } iki { $high }). Todėl prognozė yra šis derinys.
forecast-margin-not = Tais laikotarpiais geriausias derinys, { $blend }, aiškiai nepranoko geriausio palyginimo metodo, { $baseline }: vidutiniškai { $difference } PAI (95 % intervalas nuo { $low } iki { $high } apima 0). Atsitiktinai parinktas derinys vėliau nepasiteisintų, todėl prognozė yra palyginimo metodas.
