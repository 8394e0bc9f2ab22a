# Kampanijos turinys: reklamos ir nukreipimo puslapis, kurį žmogus mato paspaudęs reklamą.
# Reklamoms taikomi griežti ilgio apribojimai: .headline ne daugiau kaip 30 simbolių,
# .primary-text ne daugiau kaip 90, .description ne daugiau kaip 30 (tarpai irgi skaičiuojami).

## Reklamos. Reikšmė – trumpas pavadinimas kampanijų rengėjams; atributai – tai, ką rodo reklama.

creative-rights-at-work = Žinokite savo teises darbe
    .headline = Žinokite savo teises darbe
    .primary-text = Maža alga, ilgos valandos, nėra algalapio? Skambinkite nemokamai: 08000 121 700
    .description = Nemokamai ir konfidencialiai
    .image-alt = Ūkio darbuotojai ankstų rytą renka daržoves plačiame, lygiame lauke.

creative-passport = Jūsų pasą laiko kažkas kitas
    .headline = Kas laiko jūsų pasą?
    .primary-text = Pasas ir ID kortelė – jūsų. Niekas neturi teisės jų laikyti. Skambinkite 08000 121 700
    .description = Nemokama ir konfidencialu
    .image-alt = Vyro ranka laiko pasą, o kitas žmogus per stalą tiesia ranką jo paimti.

creative-debt = Skola, kuri niekada nemažėja
    .headline = Skola niekada nemažėja?
    .primary-text = Skolingi tarpininkui ar nuomotojui, o skola vis auga? Nemokama pagalba: 08000 121 700
    .description = Nemokama pagalba bet kada
    .image-alt = Susirūpinusi moteris sėdi ant lovos perpildytame kambaryje ir žiūri į ranka rašytą skolų sąrašą.

## Nukreipimo puslapis: ką žmogus mato paspaudęs reklamą.

landing-title = Jūsų darbas turi būti sąžiningas ir saugus
landing-intro = Kiekvienas, kas dirba Jungtinėje Karalystėje, turi teisę gauti sąžiningą atlyginimą, pasilikti savo dokumentus ir išeiti iš darbo. Jei darbe kas nors atrodo negerai, jūs ne vieni, o pagalba yra nemokama.
landing-signs-heading = Požymiai, kad kažkas negerai
landing-sign-pay = Jums moka daug mažiau, nei buvo žadėta, arba jūsų atlyginimą pasiima kažkas kitas.
landing-sign-documents = Kažkas kitas laiko jūsų pasą ar asmens dokumentą ir jo neatiduoda.
landing-sign-debt = Esate skolingi už kelionę, darbą ar lovą, o skola niekada nemažėja.
landing-sign-housing = Turite gyventi ten, kur liepia viršininkas, perpildytoje vietoje, o nuoma išskaičiuojama iš jūsų algos.
landing-sign-movement = Negalite laisvai išeiti ir ateiti, kada norite, arba jums liepiama su niekuo nekalbėti.
landing-helpline = Skambinkite nemokamai į Šiuolaikinės vergovės ir išnaudojimo pagalbos liniją (Modern Slavery & Exploitation Helpline) numeriu { $phone } – bet kuriuo metu ir savo kalba.
landing-emergency = Jei jums dabar gresia pavojus, skambinkite 999.
landing-report-link = Nerimaujate dėl kito žmogaus? Praneškite mums anonimiškai
landing-privacy = Neregistruojame, kas jūs esate. Norint gauti pagalbą, vardo nurodyti nereikia.
