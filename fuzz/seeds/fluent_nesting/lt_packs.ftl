# Įspėjamųjų požymių mokymo rinkinys banko klientų aptarnavimo darbuotojams: kasininkams, skyrių ir kontaktų centro darbuotojams.
# Aiškiai ir praktiškai: darbuotojai jį perskaito per trumpus mokymus ir laiko prie darbo vietos.

## Pradžia

pack-title = Įspėjamieji požymiai: klientai, kurie gali būti išnaudojami
pack-intro = Prekybos žmonėmis aukos ir priverstinai dirbantys žmonės dažnai turi banko sąskaitas, nes į jas mokamas jų atlyginimas. Tomis sąskaitomis naudojasi ir juos kontroliuojantys žmonės. Galbūt esate vienas iš nedaugelio pašalinių, kurie apskritai gali pastebėti požymius. Vienas požymis nieko neįrodo, bet keli kartu – priežastis pranešti.
pack-issued = Išduota: { $partner }, { $date }

## Įspėjamieji požymiai

pack-flags-heading = Į kokius požymius atkreipti dėmesį
pack-flag-shared-address = Keli klientai nurodo tą patį adresą ar telefono numerį, nors dažnai jie nėra giminės.
pack-flag-third-party = Už klientą kalba kažkas kitas, atsako į klausimus vietoj jo arba laiko jo pasą ir dokumentus.
pack-flag-wages-withdrawn = Atlyginimas įskaitomas į sąskaitą ir iškart nuimamas – dažnai ne paties kliento, o kito žmogaus.
pack-flag-cards-held = Kliento banko kortelę, PIN kodą ar internetinės bankininkystės duomenis laiko kitas žmogus.
pack-flag-unsure-address = Klientas nežino savo adreso arba turi jį pasitikslinti pas kitą žmogų.
pack-flag-fear = Klientas atrodo išsigandęs, nervingas ar stebimas, arba prieš atsakydamas žvilgteli į kitą žmogų.
pack-flag-same-helper = Tas pats „padėjėjas“ vis ateina su skirtingais klientais atidaryti sąskaitų.
pack-flag-agent-payments = Reguliariai mokama įdarbinimo, transporto ar būsto tarpininkams, ir tie mokėjimai suryja didžiąją atlyginimo dalį.

## Ką daryti

pack-action-heading = Ką daryti pastebėjus įspėjamuosius požymius
pack-action-no-confront = Nesiaiškinkite su klientu ar jį lydinčiu žmogumi ir nesakykite, kad jums kyla įtarimų. Tai gali sukelti pavojų klientui.
pack-action-note = Kuo greičiau užsirašykite, ką matėte ir girdėjote, nurodydami datą ir laiką. Rašykite tik faktus.
pack-action-report = Praneškite už apsaugą atsakingam asmeniui arba MLRO (už pranešimus apie pinigų plovimą atsakingam pareigūnui) taip, kaip nustatyta jūsų banke.
pack-action-emergency = Jei kam nors gresia tiesioginis pavojus, skambinkite 999.
pack-action-helpline = Patarimo bet kuriuo metu kreipkitės nemokamai į Šiuolaikinės vergovės ir išnaudojimo pagalbos liniją 08000 121 700.
