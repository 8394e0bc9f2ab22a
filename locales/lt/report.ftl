# Kampanijos poveikio ataskaita (src/report/impact/): antraštės, sakiniai, lentelių stulpeliai, diagramų
# tekstai ir metodas. Skaičiai ateina kaip argumentai, jau užrašyti pagal kalbos taisykles ($share – „29,1 %“,
# $interval – „nuo 24,5 % iki 33,2 %“), todėl jokiam pranešimui nereikia daugiskaitos formų.

## Skaičiai

impact-percent = { $value } %
impact-points = { $value } proc. punkto
impact-interval = nuo { $low } iki { $high }
impact-money = { $amount } { $currency }
impact-wave-before = Prieš
impact-wave-after = Po

## Viršelis ir poraštė

impact-title = Kampanijos poveikio ataskaita
impact-subtitle = { $campaigns }, nuo { $from } iki { $to }
impact-no-campaigns = Šiuose duomenyse nenurodyta jokia kampanija.
impact-synthetic = Šie skaičiai išgalvoti (sintetiniai duomenys), skirti demonstravimui ir bandymams. Jie neaprašo jokios tikros kampanijos.
impact-footer = Beacon { $version } · duomenys iki { $through } · kontrolinė suma { $fingerprint }

## Santrauka

impact-summary-heading = Santrauka
impact-summary-reach = Apytikriai pasiekta skirtingų žmonių (bent kartą): { $unique }, t. y. { $share } auditorijos (auditorijos dydis – { $audience }).
impact-summary-reach-no-audience = Kanalų pasiektų žmonių suma: { $sum } (žmogus skaičiuojamas tiek kartų, kiek kanalų jį pasiekė). Nežinant auditorijos dydžio, skirtingų pasiektų žmonių skaičiaus įvertinti negalima.
impact-summary-survey = { $target }: apklaustųjų, į klausimą „{ $question }“ atsakiusių „{ $answer }“, dalis prieš kampaniją buvo { $before }, o po jos – { $after } ({ $change }).
impact-summary-did = Palyginti su palyginamąja grupe ({ $comparison }), skirtumų skirtumas yra { $did } (95 % intervalas { $interval }).
impact-summary-no-survey = Apklausa nebuvo atlikta, todėl ši ataskaita matuoja tik pasiekiamumą, o ne tai, kiek pasikeitė žmonių žinios.
impact-summary-trainings = Partnerių surengti mokymai: { $sessions }. Apmokyta darbuotojų: { $staff }.
impact-campaigns-caption = Į ataskaitą įtrauktos kampanijos
impact-col-campaign = Kampanija
impact-col-dates = Datos
impact-col-regions = Regionai

## Pasiekiamumas

impact-reach-heading = Pasiekti žmonės
impact-reach-audience = Auditorijos dydis: { $audience } (kampanijų regionų gyventojai tų amžiaus grupių ir lyčių, kurioms kampanijos buvo skirtos).
impact-reach-no-audience = Auditorijos dydis nežinomas: auditorija neturi gyventojų skaičiaus įverčio, todėl skirtingų pasiektų žmonių skaičiaus įvertinti negalima.
impact-reach-unique = Skirtingi žmonės, pasiekti visais kanalais (įvertis): { $unique }, t. y. { $share } auditorijos. Paprasta kanalų suma: { $sum }.
impact-reach-sum = Paprasta kanalų suma: { $sum } – žmogus, pasiektas dviem kanalais, skaičiuojamas du kartus.
impact-reach-staff = Apmokyta partnerių darbuotojų: { $staff }. Jie nepriklauso auditorijai, todėl į šias sumas neįskaičiuoti.
impact-reach-channels-caption = Pasiekti žmonės pagal kanalą
impact-col-channel = Kanalas
impact-col-reach = Pasiekta žmonių
impact-col-basis = Kaip skaičiuota
impact-col-impressions = Parodymai
impact-col-clicks = Paspaudimai
impact-chart-reach-title = Per dieną pasiekti žmonės pagal kanalą
impact-chart-reach-axis = Per dieną pasiekta žmonių
impact-chart-reach-desc = Kiekvienam kanalui ({ $channels }) – linija, rodanti, kiek žmonių jis pasiekė kasdien nuo { $from } iki { $to }. Daugiausia žmonių pasiekta { $day }: { $peak } (kanalas – { $channel }).
impact-chart-reach-caption = Kiekviena platforma skaičiuoja, kiek žmonių pasiekė per kiekvieną dieną. Dienų sudėti negalima: žmogus, kampaniją matęs tris dienas, skaičiuojamas kiekvieną iš jų.
impact-chart-empty = Nėra skaičių, kuriuos būtų galima parodyti.

## Žemėlapis

impact-map-heading = Kur žmonės buvo pasiekti
impact-map-intro = Žemėlapyje kiekviena iš { $cells } maždaug 5 km² sričių (H3 langelių) nuspalvinta pagal apskaičiuotą joje pasiektų žmonių skaičių.
impact-map-none = Skaičių pagal sritis nėra, todėl žemėlapis nepateikiamas.
impact-map-title = Apskaičiuotas pasiektų žmonių skaičius pagal sritį
impact-map-legend = Pasiekta žmonių
impact-map-desc = H3 langelių: { $cells }. Jie nuspalvinti pagal apskaičiuotą pasiektų žmonių skaičių – nuo { $min } iki { $max } viename langelyje.
impact-map-caption = Kiekvienos srities gyventojų skaičius ir įvertis pateikti atsisiunčiamo duomenų rinkinio faile cells.csv.

## Kalbos

impact-languages-heading = Kalbos
impact-languages-intro = Auditorija pagal kalbą, kuria žmonės kalba, ir apskaičiuota, kiek jų pasiekta ta kalba.
impact-languages-none = Skaičių pagal kalbą nėra.
impact-languages-caption = Auditorija ir pasiekti žmonės pagal kalbą
impact-col-language = Kalba
impact-col-audience = Auditorija
impact-col-share-reached = Pasiekta dalis
impact-chart-languages-title = Auditorija ir pasiekti žmonės pagal kalbą
impact-chart-languages-desc = Kiekvienai kalbai – vientisa juosta auditorijai ir užbrūkšniuota juosta pasiektiems žmonėms: { $values }.
impact-chart-languages-value = { $language }: auditorija { $audience }, pasiekta { $reach }
impact-chart-languages-caption = Vientisos juostos – auditorija. Užbrūkšniuotos juostos – pasiekti žmonės.
impact-chart-audience = Auditorija
impact-chart-reached = Pasiekti žmonės
impact-chart-no-estimate = įverčio nėra

## Apklausa

impact-survey-heading = Apklausa
impact-survey-none = Apklausos nėra: šioms kampanijoms ji nebuvo atlikta, todėl ši ataskaita nematuoja, kiek pasikeitė žmonių žinios.
impact-survey-intro = Apklausa { $name }. Rezultatas – dalis atsakiusiųjų „{ $answer }“ į klausimą „{ $question }“. Tikslinė grupė: { $target }.
impact-survey-comparison = Palyginamoji grupė, kuriai kampanija nebuvo skirta: { $comparison }.
impact-survey-no-comparison = Palyginamosios grupės nėra: tikslinės grupės pokytį galėjo lemti ir kitos priežastys, ne tik kampanija.
impact-survey-did = Skirtumų skirtumas ({ $target } atėmus { $comparison }): { $did }, standartinė paklaida { $se }, 95 % intervalas { $interval }, p = { $p }.
impact-survey-shares-caption = Rezultato dalis pagal grupę ir etapą
impact-survey-changes-caption = Pokytis nuo etapo prieš kampaniją iki etapo po jos pagal grupę
impact-survey-breakdowns-caption = Rezultato dalis pagal kalbą ir kanalą
impact-survey-scales-caption = Klausimai, į kuriuos atsakoma skalėje
impact-survey-choices-caption = Klausimai su vienu atsakymu iš kelių
impact-col-group = Grupė
impact-col-wave = Etapas
impact-col-answers = Atsakymai
impact-col-n = Imties dydis (n)
impact-col-share = Dalis
impact-col-interval = 95 % intervalas
impact-col-before = Prieš
impact-col-after = Po
impact-col-change = Pokytis
impact-col-p = p reikšmė
impact-col-by = Skirstymas
impact-col-value = Reikšmė
impact-col-question = Klausimas
impact-col-mean = Vidurkis
impact-col-distribution = Kiekvieno atsakymo dalis
impact-col-option = Atsakymas
impact-by-locale = Kalba
impact-by-channel = Kanalas
impact-suppressed = nerodoma (mažiau nei { $k } atsakymų)
impact-warn-small-n = { $group }, { $wave }: imties dydis { $n } – mažesnis nei { $min }, kurio reikia, kad dalį būtų galima patikimai vertinti.
impact-chart-shares-title = Dalis atsakiusiųjų „{ $answer }“ į klausimą „{ $question }“ prieš kampaniją ir po jos su 95 % intervalais
impact-chart-shares-desc = Kiekvienos grupės dalis prieš kampaniją (apskritimai) ir po jos (kvadratai) su 95 % intervalų juostomis: { $values }.
impact-chart-shares-value = { $group }, { $wave }: { $share } ({ $interval })
impact-chart-shares-axis = Atsakymų dalis
impact-chart-shares-caption = Apskritimai – prieš kampaniją. Kvadratai – po jos. Juostos rodo kiekvienos dalies 95 % intervalą.

## Mokymai

impact-trainings-heading = Mokymai
impact-trainings-none = Apie šių kampanijų mokymus nepranešta.
impact-trainings-summary = Mokymų: { $sessions }. Apmokyta darbuotojų: { $staff }.
impact-trainings-quiz = Testas mokymuose, kuriuose jis atliktas prieš mokymą ir po jo ({ $sessions }): teisingų atsakymų dalis pakito nuo { $before } iki { $after }, t. y. { $change } (95 % intervalas { $interval }).
impact-trainings-caption = Mokymai ir apmokyti darbuotojai pagal sektorių
impact-col-sector = Sektorius
impact-col-sessions = Mokymai
impact-col-staff = Apmokyta darbuotojų

## Išlaidos

impact-costs-heading = Išlaidos
impact-costs-none = Išlaidų neužregistruota.
impact-costs-caption = Išlaidos pagal kanalą
impact-col-spend = Išlaidos
impact-col-cost-per-person = Kaina vienam pasiektam žmogui

## Metodas ir prielaidos

impact-method-heading = Metodas ir prielaidos
impact-method-synthetic = Skaičiai sintetiniai: jie išgalvoti, kad būtų parodyta, kaip veikia ataskaita. Iš jų negalima daryti jokių išvadų.
impact-method-platform-daily = Reklamos platformos praneša, kiek žmonių pasiekė per dieną, o dienų sudėti negalima, nes tas pats žmogus skaičiuojamas kiekvieną dieną, kai matė kampaniją. Kiekvienos platformos pasiekiamumas – jos geriausios dienos skaičius, kuris ne didesnis už per visą kampaniją jos pasiektų žmonių skaičių.
impact-method-platform-lifetime = Kai reklamos platforma suskaičiuoja per visą kampaniją pasiektus žmones, kiekvieną vieną kartą, kad ir kiek dienų jie ją matė, tas skaičius laikomas platformos pasiekimu.
impact-method-sainsbury = Skirtingi visais kanalais pasiekti žmonės apskaičiuojami Sainsbury formule, darant prielaidą, kad kanalai auditorijoje persidengia atsitiktinai: iš N žmonių auditorijos kanalai, pasiekę r₁ … rₖ, kartu pasiekia N × (1 - (1 - r₁/N) × … × (1 - rₖ/N)).
impact-method-cap = Įvertis niekada neviršija auditorijos: kanalas, nurodantis daugiau žmonių, nei yra auditorijoje, laikomas pasiekusiu visą auditoriją.
impact-method-no-audience = Auditorija neturi gyventojų skaičiaus įverčio, todėl skirtingų visais kanalais pasiektų žmonių apskaičiuoti negalima: pateikiama tik paprasta kanalų suma, kurioje žmogus skaičiuojamas tiek kartų, kiek kanalų jį pasiekė.
impact-method-estimates = Pasiekiamumas pagal sritį ir pagal kalbą yra įvertis, o ne suskaičiuotas skaičius: platformos nepraneša pasiekiamumo pagal sritį ar kalbą. Kaip jis įvertintas, nurodyta toliau pateiktose pastabose.
impact-method-wilson = Kiekvienai daliai pateikiamas 95 % Wilsono intervalas: jis visada lieka tarp 0 % ir 100 % ir tinka net tada, kai rezultatą atitinka visi atsakymai arba nė vienas.
impact-method-change = Pokytis tarp etapų – dalis po kampanijos atėmus dalį prieš ją, su 95 % Waldo intervalu, apskaičiuotu iš atskirų (nesujungtų) abiejų etapų dispersijų, nes etapų imtys yra nepriklausomos.
impact-method-pooled-z = Pokyčio p reikšmė gaunama dvipusiu z testu su sujungtos dalies standartine paklaida. Grupės, kurios visi atsakymai abiejuose etapuose buvo vienodi, pokyčio p = 1.
impact-method-did = Skirtumų skirtumas – tikslinės grupės pokytis atėmus palyginamosios grupės pokytį. Jo standartinė paklaida – sąveikos nario heteroskedastiškumui atspari (HC0) paklaida tiesinėje regresijoje su visa sąveika; ji lygi kvadratinei šakniai iš p(1 - p)/n sumos per keturis grupės ir etapo langelius.
impact-method-weights = Atsakymai pasverti pagal gyventojų sudėtį (post-stratifikacija). Pasvertos dalies intervale vietoj atsakymų skaičiaus naudojamas Kisho efektyvusis imties dydis (Σw)² / Σw².
impact-method-unweighted = Atsakymai nesverti: kiekvienas skaičiuojamas vieną kartą, o imties dydis yra atsakymų skaičius.
impact-method-min-n = Grupės ir etapo langelis, kurio imtis mažesnė nei { $min }, pažymimas: jo dalis per daug neapibrėžta, kad ją būtų galima vertinti atskirai.
impact-method-k = Skirstymo langelis, kuriame mažiau nei { $k } atsakymų, nerodomas, kad nebūtų galima išskirti mažos žmonių grupės.
impact-method-likert = Klausimams, į kuriuos atsakoma skalėje, pateikiama kiekvieno atsakymo dalis ir vidurkis su 95 % Stjudento t intervalu.
impact-method-quiz = Mokymų testo pokytis sujungia visų mokymų, kuriuose testas atliktas prieš ir po, teisingus atsakymus. Jo intervalas atsakymus laiko nepriklausomais, nors kiekvienas žmogus atsako į kelis klausimus, o į abu testus atsako tie patys žmonės, todėl jis yra tik orientyras, o ne statistinis testas.
impact-method-costs = Kaina vienam pasiektam žmogui – kanalo išlaidos, padalytos iš to kanalo pasiektų žmonių skaičiaus, kanalo valiuta; valiutos nekonvertuojamos.

## Pastabos

impact-notes-heading = Pastabos apie šiuos skaičius
impact-notes-none = Pastabų apie šiuos skaičius nėra.
impact-note-cells-population = Pasiekiamumas pagal sritį gaunamas kiekvieno kanalo pasiekiamumą paskirsčius sritims, į kurias jis buvo nukreiptas, proporcingai jų gyventojų skaičiui.
impact-note-locales-share = Pasiekiamumas pagal kalbą gaunamas kiekvieno kanalo pasiekiamumą paskirsčius jo auditorijos kalboms proporcingai kiekviena kalba kalbančių žmonių skaičiui.

## Kilmė

impact-provenance-heading = Iš kur gauti skaičiai
impact-provenance-version = Parengta su Beacon { $version }.
impact-provenance-through = Duomenys apima laikotarpį iki { $day }.
impact-provenance-no-date = Duomenyse nėra skaičių su data.
impact-provenance-fingerprint = Duomenų kontrolinė suma (jų JSON SHA-256): { $fingerprint }
impact-source-insights = reklamos platformų pateikti rodymo duomenys
impact-source-email = išsiųsti el. laiškai ir jų pristatymas
impact-source-events = renginiai ne internete, kaip juos įvedė kampanijos darbuotojai
impact-source-trainings = partnerių praneštos mokymų sesijos
impact-source-survey = apklausa „{ $name }“, versija { $version }
impact-source-demo-answers = demonstracinės versijos sugeneruoti apklausos atsakymai
impact-source-import = apklausos atsakymai, importuoti iš „{ $file }“
impact-provenance-sources = Šaltiniai: { $sources }.
impact-provenance-no-sources = Šaltinis nenurodytas.
impact-provenance-files = Kiekvienos diagramos ir lentelės skaičiai pateikti atsisiunčiamame duomenų rinkinyje – CSV failais ir JSON formatu.
