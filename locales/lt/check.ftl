# Ką vertėjų patikra sako apie lokalės failą (įkėlimo ir patikros puslapiai).

check-encoding = ne UTF-8 (baitas { $byte } netinkamas): išsaugokite failą UTF-8 koduote
check-byte-order-mark = failas prasideda baitų tvarkos žyme (BOM): išsaugokite jį UTF-8 koduote be BOM
check-line-endings = „Windows“ eilučių pabaigos (CR LF) nuo šios eilutės: išsaugokite failą su LF eilučių pabaigomis
check-replacement-character = tekste yra U+FFFD ({"\uFFFD"}): jis perėjo per sugadintą koduotę; įrašykite simbolius iš naujo
check-too-deep = įterpiniai įdėti giliau nei { $limit } lygių: „Beacon“ giliau neskaito (tikri failai turi tris ar keturis)
check-too-many-attributes = atributų: { $count }; „Beacon“ skaito ne daugiau kaip { $limit } (tikri pranešimai turi kelis)
check-syntax-stopped = { $problem } (analizatorius sustojo { $line } eilutėje, { $column } stulpelyje)
check-duplicate-id = apibrėžtas du kartus; antrasis paslepia pirmąjį
check-empty-attribute = atributas .{ $attribute } tuščias
check-empty-value = reikšmė tuščia
check-plural-categories = kalbai { $locale } reikia daugiskaitos kategorijų { $needed }; trūksta: { $missing } (joms naudojamas numatytasis variantas)
check-missing = neišverstas (rodomas angliškas tekstas)
check-missing-attribute = trūksta pavyzdinio failo atributo .{ $attribute }
check-obsolete-attribute = atributo .{ $attribute } pavyzdiniame faile nėra
check-missing-variable = ${ $variable } naudojamas pavyzdiniame faile, bet ne vertime
check-unknown-variable = ${ $variable } pavyzdiniame faile nėra: niekas jo neužpildys
check-references-differ = nurodo { $found }, o pavyzdinis failas – { $expected }
check-code = { $code }
check-references-none = nieko
check-obsolete = pavyzdiniame faile nebėra
check-ad-text-too-long = .{ $attribute } turi { $length } simbolių, kaip skaičiuoja { $platform }; riba – { $limit }
check-resolver = formatuoti su pavyzdiniais argumentais nepavyksta: { $problem }
check-resolver-attribute = formatuoti .{ $attribute } su pavyzdiniais argumentais nepavyksta: { $problem }
check-not-a-locale = „{ $locale }“ nėra lokalės kodas (BCP 47, pvz., lt, pt-BR)
check-no-plural-rules = CLDR neturi daugiskaitos taisyklių kodui „{ $locale }“: ar kodas teisingas?
check-obsolete-file = { $reference } neturi failo { $file }
check-missing-file = nėra { $file }: { $count ->
        [one] jo { $count } pranešimas rodomas
        [few] jo { $count } pranešimai rodomi
        [many] jo { $count } pranešimo rodoma
       *[other] jo { $count } pranešimų rodoma
    } angliškai

## Analizatoriaus priežastys.

check-syntax-expected-token = tikėtasi „{ $token }“
check-syntax-expected-range = tikėtasi vieno iš „{ $range }“
check-syntax-expected-message-field = { $id } reikia reikšmės arba atributo
check-syntax-expected-term-field = terminui { $id } reikia reikšmės
check-syntax-forbidden-callee = čia funkcijos kviesti negalima
check-syntax-missing-default-variant = pasirinkimo išraiškai reikia numatytojo varianto (pažymėto *)
check-syntax-missing-value = tikėtasi reikšmės
check-syntax-multiple-default-variants = pasirinkimo išraiška gali turėti tik vieną numatytąjį variantą
check-syntax-message-reference-as-selector = nuoroda į pranešimą negali rinktis varianto
check-syntax-term-reference-as-selector = nuoroda į terminą negali rinktis varianto
check-syntax-message-attribute-as-selector = pranešimo atributas negali rinktis varianto
check-syntax-term-attribute-as-placeable = termino atributo negalima rodyti atskirai
check-syntax-unterminated-string = eilutės literalas neuždarytas
check-syntax-positional-after-named = poziciniai argumentai turi būti prieš vardinius
check-syntax-duplicated-argument = argumentas „{ $name }“ nurodytas du kartus
check-syntax-unknown-escape = nežinoma kaitos seka „{ $sequence }“
check-syntax-invalid-unicode-escape = netinkama Unicode kaitos seka „{ $sequence }“
check-syntax-unbalanced-brace = uždaromasis skliaustas be atidaromojo
check-syntax-expected-inline-expression = tikėtasi išraiškos
check-syntax-expected-simple-selector = selektorius turi būti kintamasis, literalas arba funkcijos kvietimas
check-syntax-expected-literal = tikėtasi eilutės arba skaičiaus
check-syntax-bad-escape = \u kaitos sekai reikia keturių šešioliktainių skaitmenų, o \U – šešių (\u00E9, \U01F600)
check-syntax-other = failo čia perskaityti nepavyksta

## Sprendiklio priežastys.

check-resolver-unknown-function = funkcijos { $id } nėra
check-resolver-unknown-message = pranešimo { $id } nėra
check-resolver-unknown-term = termino { $id } nėra
check-resolver-unknown-variable = niekas neužpildo ${ $id }
check-resolver-no-value = { $id } neturi reikšmės
check-resolver-missing-default = pasirinkimo išraiška neturi numatytojo varianto
check-resolver-cyclic = pranešimas nurodo pats save
check-resolver-too-many-placeables = per daug įterpinių
check-resolver-other = pranešimo suformatuoti nepavyksta
