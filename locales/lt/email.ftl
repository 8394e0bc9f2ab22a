# Laiškai, kuriuos siunčia Beacon: bendruomenių organizacijoms, partneriams su mokymo rinkiniu ir kvietimai į apklausą.
# Kiekviena pastraipa – atskiras pranešimas. Po pasisveikinimo palikite kablelį: pastraipos prasideda naujose eilutėse.

## Kampanijos laiškas bendruomenių organizacijoms

email-campaign-subject = Nauja mūsų kampanija apie teises darbe: gal padėsite ją paskleisti?
email-campaign-greeting = Sveiki, { $name },
email-campaign-greeting-all = Sveiki,
email-campaign-our-message = Mūsų žinutė, kaip ją matys žmonės:
email-campaign-intro = Pradedame informavimo kampaniją žmonėms, kurie dirba ūkiuose, pakavimo cechuose ir maisto gamyklose jūsų apylinkėse. Joje pasakojame apie jų teises darbe ir apie nemokamą, konfidencialią Šiuolaikinės vergovės ir išnaudojimo pagalbos liniją.
email-campaign-ask = Jūs geriausiai pažįstate žmones, kuriems padedate. Gal galėtumėte pasidalyti su jais mūsų žinute? Turime plakatų, lankstinukų ir trumpų įrašų socialiniams tinklams keliomis kalbomis – viskas nemokamai.
email-campaign-reply = Tiesiog atsakykite į šį laišką ir parašykite, kokios medžiagos ir kuriomis kalbomis norėtumėte, o mes ją jums atsiųsime.
email-campaign-survey = Kai žmonės pamatys mūsų žinutę, norėtume sužinoti, ar ji jiems padėjo. Prašome perduoti jiems šią trumpą anoniminę apklausą (joje niekieno neklausiama vardo): { $link }
email-campaign-privacy = Niekada neprašysime vardų ar kontaktų žmonių, kuriems padedate.
email-campaign-signoff = Su padėka,

## Kvietimas į apklausą

email-survey-subject = Skirkite mums dvi minutes: trumpa anoniminė apklausa
email-survey-greeting = Sveiki,
email-survey-body = Neseniai dalijomės žinutėmis apie teises darbe ir apie Šiuolaikinės vergovės ir išnaudojimo pagalbos liniją. Norėtume sužinoti, ar jos jus pasiekė ir ar buvo naudingos.
email-survey-link = Tai tik šeši trumpi klausimai, atsakyti užtruks apie dvi minutes. Apklausa anoniminė: vardo neklausiame. Pradėkite čia: { $link }
email-survey-signoff = Ačiū,

## Parašas ir poraštė kiekvieno laiško pabaigoje

email-signature = { $organisation } komanda
email-footer = Gaunate šį laišką, nes jūsų organizacija bendradarbiauja su organizacija „{ $organisation }“.
email-unsubscribe = Nebenorite gauti šių laiškų? Atsisakykite čia: { $link }

## Registracijos patvirtinimas (dviguba sutikimo patvirtinimo procedūra)

email-confirm-subject = Prašome patvirtinti: { $list }
email-confirm-body = Kažkas, tikimės, kad jūs, paprašė šiuo adresu gauti „{ $list }“ laiškus.
email-confirm-link = Kad patvirtintumėte, per { $hours } val. atidarykite šią nuorodą: { $link }
email-confirm-ignore = Jei tai buvote ne jūs, nekreipkite dėmesio į šį laišką: be jūsų patvirtinimo daugiau nieko nesiųsime.

## Partnerio įspėjamųjų ženklų rinkinys, siunčiamas vienam jo kontaktui
email-pack-subject = Jūsų įspėjamųjų ženklų rinkinys regionui { $region }: { $partner }
email-pack-greeting = Gerb. { $name },
email-pack-body = { $organisation } parengė { $version } įspėjamųjų ženklų rinkinio versiją partneriui { $partner } regione { $region }: išnaudojimo požymiai, kuriuos gali pastebėti jūsų darbuotojai, ką daryti ir kam skambinti.
email-pack-link = Atsisiųskite jį (PDF) iki { $until }: { $link }
email-pack-emergency = Jei kam nors gresia tiesioginis pavojus, skambinkite { $number }.
email-pack-stop = Jei nebeturėtumėte gauti šių rinkinių, pasinaudokite šia nuoroda ir mes pašalinsime jūsų duomenis: { $link }
