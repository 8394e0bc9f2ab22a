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
