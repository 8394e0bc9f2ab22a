# Įspėjamųjų požymių mokymo rinkiniai, kuriuos Beacon parengia partnerių organizacijoms HTML ir PDF formatu: po vieną rinkinį kiekvienam sektoriui.
# Darbuotojai rinkinį perskaito per trumpus mokymus ir laiko po ranka darbe, todėl rašykite paprastai ir praktiškai.
# Sąrašai numeruojami -1, -2, -3 ir t. t.: numeriai turi eiti iš eilės, nes Beacon nustoja skaityti sąrašą ties pirmu trūkstamu numeriu.
# Visus kintamuosius ($region, $number ir kt.) palikite tokius, kokie yra. Niekada neįrašykite telefono numerių į tekstą: numeriai ateina iš kintamųjų.

## Bendri visiems rinkiniams

pack-title = Įspėjamieji požymiai: kaip atpažinti išnaudojimą
pack-version = Versija { $version }
pack-issued = Parengta: { $partner }, { $region }, { $date }
pack-sector-bank = Bankas
pack-sector-local-authority = Savivaldybė
pack-sector-health = Sveikatos priežiūra
pack-sector-police = Policija
pack-sector-ngo = Bendruomenės organizacija (NVO)
pack-sector-employer = Darbdavys
pack-sector-other = Kita organizacija
pack-one-sign = Vienas požymis pats savaime nieko neįrodo: dažnai tam yra visai nekaltas paaiškinimas. Keli požymiai kartu arba vis pasikartojantis požymis – priežastis veikti. Veikti reiškia perduoti tai, ką matėte, šiame rinkinyje nurodytais keliais. Niekada netirkite patys.
pack-labour-heading = Darbo išnaudojimo požymiai
pack-sexual-heading = Seksualinio išnaudojimo požymiai
pack-do-heading = Ką daryti
pack-dont-heading = Ko nedaryti
pack-call-heading = Kam skambinti
pack-call-emergency = Jei kam nors gresia tiesioginis pavojus, skambinkite { $number }.
pack-call-helpline = Patarimo bet kuriuo metu kreipkitės į { $name } telefonu { $number }. Skambutis nemokamas ir konfidencialus, galima gauti vertėjo pagalbą.
pack-call-local-heading = Vietiniai kontaktai
pack-call-local-none = Šiam regionui vietiniai kontaktai dar nenurodyti. Kreipkitės į pagalbos liniją: ji padės susisiekti su reikiamais žmonėmis jūsų apylinkėse.
pack-hotspots-heading = Kur užregistruota išnaudojimo atvejų: { $region }
pack-hotspots-intro = Skaičiai rodo, kiek atvejų užregistruota kiekvienoje vietovėje. Vietovės, kuriose užregistruota mažiau atvejų nei { $k }, nerodomos, o skaičiai šiek tiek pakeisti, kad būtų apsaugoti už jų esantys žmonės. Jie rodo, kur atvejai išaiškėjo; išnaudojimas gali vykti bet kur.
pack-hotspots-none = Nė vienoje šio regiono vietovėje neužregistruota tiek atvejų, kad jie būtų rodomi. Tai nereiškia, kad čia išnaudojimo nėra.
pack-hotspots-area = Vietovė
pack-hotspots-cases = Užregistruoti atvejai
pack-map-caption = Regiono žemėlapis: nuspalvinti langeliai rodo, kur užregistruota atvejų.
pack-qr-caption = Nuskenuokite kodą ir praneškite apie savo įtarimus anonimiškai, be paskyros.
pack-survey-caption = Padėkite mums sužinoti, ar kampanija pasiekė žmones: nuskenuokite šį kodą arba atidarykite nuorodą ir atsakykite į trumpą anoniminę apklausą. Galite ja pasidalyti su kitais.
pack-languages-heading = Šio rinkinio kalbos
pack-languages-all = Visų skyrių kalba: { $language }.
pack-languages-section = { $section }: { $language }
pack-section-cover = Viršelis
pack-section-signs = Požymiai
pack-section-actions = Ką daryti
pack-section-calls = Kam skambinti
pack-section-hotspots = Užregistruoti atvejai
pack-footer = Parengė { $organisation }, sukurta su Beacon. Šiuo rinkiniu laisvai dalykitės savo organizacijoje: jame nėra asmens duomenų.

## Bankas

pack-bank-audience = Klientų aptarnavimo darbuotojams: kasininkams, skyrių ir kontaktų centro darbuotojams.
pack-bank-intro = Priverstinai dirbantiems žmonėms atlyginimas dažniausiai mokamas į banko sąskaitą, o tomis sąskaitomis naudojasi ir juos kontroliuojantys žmonės. Jūs matote klientą, jo dokumentus ir tai, kaip juda jo pinigai, todėl galbūt esate vienas iš nedaugelio pašalinių, kurie apskritai gali pastebėti, kad kažkas negerai.
pack-bank-labour-1 = Kelių žmonių atlyginimai mokami į vieną sąskaitą arba vieno žmogaus atlyginimas patenka į kito asmens vardu atidarytą sąskaitą.
pack-bank-labour-2 = Daugeliui sąskaitų nurodomas tas pats adresas ar telefono numeris, dažnai žmonių, kurie nėra giminės.
pack-bank-labour-3 = Už klientą kalba kitas asmuo, atsako į klausimus vietoj jo arba laiko jo banko kortelę, PIN kodą ar asmens dokumentus.
pack-bank-labour-4 = Vos įskaitytas atlyginimas iškart išsiimamas grynaisiais arba pervedamas toliau, dažnai tame pačiame bankomate kaip ir kitų darbuotojų atlyginimai.
pack-bank-labour-5 = Tas pats „padėjėjas“ vis ateina su skirtingais klientais, dažnai ką tik atvykusiais darbuotojais, atidaryti sąskaitų.
pack-bank-labour-6 = Reguliarūs mokėjimai įdarbinimo, transporto ar būsto tarpininkui suryja didžiąją atlyginimo dalį arba klientas sako, kad yra skolingas už darbą ar kelionę.
pack-bank-labour-7 = Klientas nežino savo adreso ar darbdavio arba prieš atsakydamas turi pasitikslinti pas kitą žmogų.
pack-bank-labour-8 = Klientas atrodo išsigandęs, išsekęs ar stebimas arba prieš ką nors sakydamas žvilgteli į jį lydintį žmogų.
pack-bank-sexual-1 = Iš sąskaitos mokama už suaugusiesiems skirtus skelbimus internete, viešbučių kambarius ar trumpalaikės nuomos butus įvairiuose miestuose, o sąskaitos savininkas, regis, ja nesinaudoja.
pack-bank-sexual-2 = Į sąskaitą plaukia daug nedidelių įmokų iš skirtingų žmonių, dažnai vėlai vakare ar naktį, ir jos iškart pervedamos kitam asmeniui.
pack-bank-sexual-3 = Tas pats žmogus vis atveda skirtingas jaunas moteris ar vyrus išsiimti grynųjų ar atidaryti sąskaitų ir tvarko jų pinigus.
pack-bank-sexual-4 = Iš sąskaitos mokama už daug telefonų ar SIM kortelių arba už taksi ir keliones neįprastu paros metu.
pack-bank-sexual-5 = Klientas atrodo jaunesnis, nei nurodyta jo dokumentuose, arba jam neleidžiama kalbėti už save ar pasilikti savo pinigų.
pack-bank-do-1 = Kuo greičiau užsirašykite, ką matėte ir girdėjote, nurodydami datą, laiką ir sąskaitos duomenis. Rašykite tik faktus.
pack-bank-do-2 = Praneškite MLRO (už pranešimus apie pinigų plovimą atsakingam pareigūnui) ar kitam paskirtam pareigūnui taip, kaip nustatyta jūsų banke. Jis nuspręs, ar teikti pranešimą apie įtartiną veiklą (SAR).
pack-bank-do-3 = Praneškite ir už apsaugą ar pažeidžiamus klientus atsakingam asmeniui, kad pagalbą gautų žmogus, o ne vien būtų sutvarkyta sąskaita.
pack-bank-do-4 = Jei tai saugu, suteikite klientui galimybę pasikalbėti su jumis vienam, pavyzdžiui, pakvieskite jį į atskirą patalpą įprastam patikrinimui.
pack-bank-do-5 = Jei kam nors gresia tiesioginis pavojus, skambinkite skubiosios pagalbos numeriu. Patarimo kreipkitės į šiame rinkinyje nurodytą pagalbos liniją.
pack-bank-dont-1 = Nesiaiškinkite su klientu ar jį lydinčiu žmogumi ir nesakykite, kad jums kyla nerimas. Tai gali sukelti pavojų klientui.
pack-bank-dont-2 = Niekam, išskyrus asmenis, kuriems pranešama nustatyta tvarka, nesakykite, kad pranešėte: taip galite įspėti susijusius asmenis, o tai gali būti nusikalstama veika.
pack-bank-dont-3 = Neuždarykite sąskaitos ir neatsisakykite aptarnauti savo nuožiūra: tai sprendžia MLRO, be to, taip klientas gali netekti vienintelio pašalinio žmogaus, kurį jis mato.
pack-bank-dont-4 = Neprašykite klientą lydinčio žmogaus versti ir neleiskite jam atsakinėti už klientą.

## Savivaldybė

pack-local-authority-audience = Savivaldybės darbuotojams, kurie lankosi būstuose ar tvarko įrašus: būsto, licencijavimo, aplinkos sveikatos, vietinių mokesčių, išmokų, socialinės globos ir bendruomenės saugumo srityse.
pack-local-authority-intro = Savivaldybės darbuotojai lankosi namuose, tikrina įmones ir mato, kas kur gyvena ir kas už ką moka. Išnaudotojams reikia būsto, transporto ir dokumentų, todėl pirmieji požymiai dažnai išryškėja per jūsų apsilankymus ir jūsų įrašuose – gerokai anksčiau, nei kas nors paprašo pagalbos.
pack-local-authority-labour-1 = Perpildytas bendro naudojimo nuomojamas būstas (HMO): viename kambaryje daug čiužinių, žmonės miega svetainėse, pašiūrėse ar ūkiniuose pastatuose, lovos naudojamos pamainomis.
pack-local-authority-labour-2 = Nuomotojas ar „agentas“, kuris taip pat įdarbina ar vežioja nuomininkus, nuomos mokestį išskaičiuoja iš jų atlyginimo arba per patikrinimą nesitraukia nuo jų.
pack-local-authority-labour-3 = Nuomininkai nežino adreso, nuomotojo vardo ar kiek moka arba sako, kad nuoma išskaičiuojama iš jų atlyginimo.
pack-local-authority-labour-4 = Vietinių mokesčių (council tax), rinkėjų ar išmokų įrašai rodo, kad vienu adresu gyvena daug tarpusavyje nesusijusių suaugusiųjų, o pavardės dažnai keičiasi.
pack-local-authority-labour-5 = Būsto išmokos (Housing Benefit) ar vietinių mokesčių lengvatos (Council Tax Reduction) prašymai, kai pareiškėjo dokumentus laiko kitas asmuo, jis pildo prašymą už pareiškėją arba nurodo savo telefono numerį ar banko sąskaitą.
pack-local-authority-labour-6 = Licencijuojamos ar tikrinamos vietos, pavyzdžiui, automobilių plovyklos, manikiūro salonai ar išsinešamo maisto užkandinės, kur darbuotojai, regis, gyvena darbo vietoje, dirba labai ilgas valandas arba negali pasakyti, kam dirba.
pack-local-authority-labour-7 = Mikroautobusai ar furgonai labai anksti ryte surenka darbuotojų grupes iš tų pačių namų ir parveža jas vėlai vakare.
pack-local-authority-labour-8 = Užkalti ar užrakinti langai, miegamųjų durys su skląsčiais iš išorės arba kameros, kurios stebi gyventojus, o ne saugo turtą.
pack-local-authority-sexual-1 = Namas ar butas, į kurį bet kuriuo paros metu nuolat ateina vis kiti vyrai, kiekvienas pabūna tik trumpai.
pack-local-authority-sexual-2 = Trumpalaikės nuomos butus, poilsio būstus ar viešbučių kambarius tas pats asmuo vis užsako kelioms naktims skirtingoms jaunoms moterims.
pack-local-authority-sexual-3 = Masažo salonai ar panašios vietos, kuriose darbuotojai gyvena darbo vietoje, visada būna lydimos arba, regis, niekada neišeina.
pack-local-authority-sexual-4 = Vaikai ar jaunuoliai, kurie dingsta iš namų, globos įstaigos ar mokyklos arba matomi su vyresniais suaugusiaisiais, turi dovanų, telefonų ar pinigų, kurių kilmės negali paaiškinti.
pack-local-authority-sexual-5 = Licencijuoti taksi ar pavėžėjimo vairuotojai vis veža jaunus žmones naktį į skirtingus adresus.
pack-local-authority-do-1 = Kuo greičiau užsirašykite, ką matėte, girdėjote ir ką jums pasakė, nurodydami datą, laiką ir adresą. Rašykite tik faktus.
pack-local-authority-do-2 = Praneškite savivaldybės už apsaugą ar už kovą su šiuolaikine vergove atsakingam asmeniui, naudodamiesi suaugusiųjų ar vaikų apsaugos tvarka.
pack-local-authority-do-3 = Jei gali būti susijęs vaikas, nedelsdami kreipkitės į vaikų socialines tarnybas: vaikas negali sutikti būti išnaudojamas.
pack-local-authority-do-4 = Savivaldybė yra pirmojo reagavimo institucija (first responder): suaugusiuosius, jiems sutikus, ji gali nukreipti į Nacionalinį nukreipimo mechanizmą (NRM), o jei jie nesutinka, vis tiek privalo pranešti Vidaus reikalų ministerijai (Home Office) pagal pareigą pranešti (Duty to Notify, Anglijoje ir Velse).
pack-local-authority-do-5 = Tuo, ką žinote, nustatyta tvarka pasidalykite su būsto, licencijavimo, aplinkos sveikatos skyriais ir policija, kad pavienes detales būtų galima sudėti į visumą.
pack-local-authority-dont-1 = Nesiaiškinkite su nuomotoju, darbdaviu ar „agentu“ ir neminėkite savo įtarimų jiems girdint.
pack-local-authority-dont-2 = Nesiimkite veiksmų, dėl kurių žmonės per naktį liktų be stogo virš galvos, pavyzdžiui, skubaus būsto uždarymo, jei nėra plano, kur jie eis ir kas jiems padės.
pack-local-authority-dont-3 = Neprašykite versti nuomotojo, kito nuomininko ar žmogaus, kuris juos atvedė.
pack-local-authority-dont-4 = Nežadėkite būsto, pinigų ar pagalbos imigracijos klausimais, jei negalite to užtikrinti.

## Sveikatos priežiūra

pack-health-audience = Su pacientais dirbantiems darbuotojams: šeimos gydytojų (GP) praktikose, skubiosios pagalbos skyriuose, neatidėliotinos pagalbos centruose, lytinės sveikatos klinikose, nėštumo ir gimdymo priežiūros tarnybose, odontologams, vaistininkams ir bendruomenės sveikatos komandoms.
pack-health-intro = Daugeliui išnaudojamų žmonių apsilankymas pas gydytoją – vienintelis laikas, kai jie būna atskirti nuo juos kontroliuojančių žmonių, net jei tik kelioms minutėms. Galbūt esate vienintelis specialistas, kurį jie sutinka, o tai, ką pastebėsite ir užrašysite, gali būti jiems reikalingos pagalbos pradžia.
pack-health-labour-1 = Pacientą lydi žmogus, kuris kalba už jį, primygtinai nori likti kabinete arba laiko jo dokumentus, telefoną ar pinigus.
pack-health-labour-2 = Negydyti ar blogai gydyti darbo sužalojimai, pavyzdžiui, pjautinės žaizdos, nudegimai, sutraiškymai, nugaros traumos ar cheminių medžiagų pažeista oda, be aiškaus paaiškinimo.
pack-health-labour-3 = Pacientas neužsiregistravęs pas šeimos gydytoją, neturi asmens dokumentų arba nežino savo adreso.
pack-health-labour-4 = Ilgų valandų šaltame, drėgname ar sunkiame darbe požymiai: išsekimas, prasta mityba, odos ir kvėpavimo problemos dėl perpildyto, drėgno būsto.
pack-health-labour-5 = Pacientas kreipiasi, kai liga jau toli pažengusi, arba nutraukia gydymą, nes jam neleidžiama pasiimti laisvo laiko arba jis prarastų uždarbį.
pack-health-labour-6 = Pasakojimas, kaip atsitiko sužalojimas, keičiasi arba neatitinka paties sužalojimo.
pack-health-labour-7 = Keli pacientai nurodo tą patį adresą, tą patį kontaktinį numerį arba tą patį „draugą“ kaip artimiausią asmenį.
pack-health-labour-8 = Pacientas atrodo išsigandęs, užsisklendęs ar stebimas ir prieš atsakydamas žvilgteli į jį lydintį žmogų.
pack-health-sexual-1 = Pasikartojančios lytiškai plintančios infekcijos, nepageidaujami nėštumai ar jų nutraukimai, ypač jei pacientą visada atveda kitas žmogus.
pack-health-sexual-2 = Lytinių organų srities sužalojimai, įkandimų žymės, nudegimai ar mėlynės, kurių pacientas nenori paaiškinti.
pack-health-sexual-3 = Pacientas atrodo jaunesnis, nei sako, arba vaikas ar jaunuolis turi vyresnį „vaikiną“ ar kitą suaugusįjį, kuris jį kontroliuoja.
pack-health-sexual-4 = Tatuiruotės ar žymės, panašios į nuosavybės ženklą, pavyzdžiui, vardas ar simbolis, apie kuriuos pacientas nenori kalbėti.
pack-health-sexual-5 = Narkotikų ar alkoholio vartojimas, kurį, regis, tiekia ar kontroliuoja kitas asmuo.
pack-health-sexual-6 = Pacientas nežino, kokiame mieste yra, arba sako, kad yra vežiojamas iš vienos vietos į kitą.
pack-health-do-1 = Jei tai saugu, bent dalį vizito pabūkite su pacientu be pašalinių asmenų, pavyzdžiui, apžiūros metu.
pack-health-do-2 = Naudokitės profesionalaus vertėjo paslaugomis, jei reikia – telefonu, bet niekada neprašykite versti paciento palydovo.
pack-health-do-3 = Medicininiuose įrašuose tiksliai užrašykite, ką matėte ir ką jums pasakė, paciento žodžiais.
pack-health-do-4 = Tą pačią dieną aptarkite tai su savo praktikos ar įstaigos už apsaugą atsakingu asmeniu ir laikykitės suaugusiųjų ar vaikų apsaugos tvarkos.
pack-health-do-5 = Pirmiausia pasirūpinkite sveikatos poreikiais ir pasakykite pacientui, kad jis gali ateiti dar kartą; Anglijoje registruojantis pas šeimos gydytoją nereikia nei asmens dokumentų, nei adreso įrodymo.
pack-health-do-6 = Jei kam nors gresia tiesioginis pavojus, skambinkite skubiosios pagalbos numeriu. Patarimo, ką daryti toliau, kreipkitės į šiame rinkinyje nurodytą pagalbos liniją.
pack-health-dont-1 = Nesiaiškinkite su pacientą lydinčiu žmogumi ir nesakykite jam, kad jums kyla nerimas.
pack-health-dont-2 = Neprašykite versti paciento palydovo, giminaičio ar vaiko.
pack-health-dont-3 = Neteikite informacijos apie pacientą jį lydinčiam žmogui, net jei šis prašo tyrimų rezultatų ar kitų duomenų.
pack-health-dont-4 = Nežadėkite, kad niekas nebus perduota kitiems: sąžiningai paaiškinkite, ką darysite su tuo, ką pacientas jums pasakys.
pack-health-dont-5 = Neatsisakykite teikti pagalbos dėl to, kad pacientas neturi dokumentų ar adreso.

## Policija

pack-police-audience = Pareigūnams ir darbuotojams: reagavimo ir bendruomenės pareigūnams, kelių policijai, sulaikymo įstaigų darbuotojams, skambučių priėmėjams ir tyrėjams.
pack-police-intro = Policijos pareigūnai sutinka išnaudojamus žmones pakelėse, adresuose, sulaikymo įstaigose ir atvykę pagal skubios pagalbos iškvietimus, dažnai niekam net neištarus žodžio „išnaudojimas“. Daugeliui aukų buvo liepta bijoti policijos, todėl nuo to, kaip sureaguosite į pirmuosius požymius, gali priklausyti, ar jie kada nors paprašys pagalbos.
pack-police-labour-1 = Per patikrinimus keliuose auštant ar vėlai vakare sustabdyti mikroautobusai ar furgonai veža daugiau darbuotojų, nei yra sėdynių, o vairuotojas laiko keleivių dokumentus, banko korteles ar atlyginimus.
pack-police-labour-2 = Darbuotojai nežino, kur važiuoja, kam dirba ar kur gyvena.
pack-police-labour-3 = Keli žmonės sustabdyti, sulaikyti ar rasti tuo pačiu adresu, o kaip kontaktą nurodo tą patį „darbdavį“ ar tą patį telefono numerį.
pack-police-labour-4 = Žmonės, rasti kanapių auginimo vietose ar automobilių plovyklose arba sulaikyti už vagystes iš parduotuvių ar kitus gatvės nusikaltimus, kuriuos jie galėjo būti priversti padaryti.
pack-police-labour-5 = Perpildyti namai, kuriuose čiužiniai patiesti visuose aukštuose, durys rakinamos iš išorės, arba žmonės, miegantys darbo vietoje.
pack-police-labour-6 = Kažkas kitas sumoka sulaikytojo baudą ar užstatą, atsiunčia jam advokatą arba ateina į sulaikymo įstaigą kalbėti už jį.
pack-police-labour-7 = Žmogus bijo policijos, kartoja tarsi išmoktą istoriją arba sako, kad yra skolingas už kelionę ar darbą.
pack-police-labour-8 = Suklastoti ar kitam asmeniui priklausantys asmens dokumentai arba grupė žmonių visiškai be dokumentų.
pack-police-sexual-1 = Suaugusiesiems skirti skelbimai internete, kuriuose keliems žmonėms naudojamas tas pats telefono numeris, tos pačios nuotraukos ar tekstas arba kurie keliauja iš miesto į miestą.
pack-police-sexual-2 = Namai, trumpalaikės nuomos butai ar viešbučių kambariai, į kuriuos bet kuriuo paros metu nuolat ateina vyrai.
pack-police-sexual-3 = Seksualines paslaugas teikiantys žmonės, kurie vežiojami iš adreso į adresą ar iš miesto į miestą, nežino, kur yra, arba atiduoda visus savo pinigus.
pack-police-sexual-4 = Vairuotojas ar „vaikinas“, kuris veža žmones į susitikimus, laukia lauke ir laiko jų telefoną ar dokumentus.
pack-police-sexual-5 = Vaikai ar jaunuoliai, kurie vis dingsta, randami viešbučiuose ar su vyresniais suaugusiaisiais arba turi telefonų, dovanų ar pinigų, kurių kilmės negali paaiškinti.
pack-police-sexual-6 = Žmogus, rastas ten, kur prekiaujama seksu, turi sužalojimų, priverstinio narkotikų vartojimo požymių ar tatuiruočių, panašių į nuosavybės ženklą.
pack-police-do-1 = Pirmiausia laikykite žmogų galima auka, kad ir kokiomis aplinkybėmis jį sutikote, ir pasirūpinkite jo saugumu.
pack-police-do-2 = Kalbėkitės su juo atokiau nuo visų, kurie gali jį kontroliuoti, padedant profesionaliam vertėjui.
pack-police-do-3 = Kaip pirmojo reagavimo institucija (first responder), suaugusiuosius, gavę jų informuotą sutikimą, nukreipkite į Nacionalinį nukreipimo mechanizmą (NRM). Kiekvieną vaiką nukreipkite be sutikimo, nes jo nereikia, ir informuokite vaikų socialines tarnybas.
pack-police-do-4 = Jei suaugęs žmogus nesutinka, vis tiek praneškite Vidaus reikalų ministerijai (Home Office) pagal pareigą pranešti (Duty to Notify, Anglijoje ir Velse) ir užrašykite, kodėl jis nesutiko.
pack-police-do-5 = Išsamiai užrašykite, ką matėte ir ką jums pasakė, ir bet kokius kontrolės požymius. Praneškite savo policijos įstaigos už kovą su šiuolaikine vergove atsakingam asmeniui ir perduokite žvalgybos informaciją įprastais kanalais.
pack-police-do-6 = Jei žmogus įtariamas padaręs nusikaltimą, įvertinkite, ar jis nebuvo priverstas jį padaryti ir ar netaikoma aukoms skirta gynyba (Anglijoje ir Velse – 2015 m. Šiuolaikinės vergovės įstatymo 45 straipsnis).
pack-police-dont-1 = Nelaikykite to vien imigracijos ar viešosios tvarkos klausimu: žmogus gali būti nusikaltimo auka.
pack-police-dont-2 = Neprašykite versti bendradarbio, vairuotojo, „vaikino“ ar bet kurio kito juos lydinčio asmens.
pack-police-dont-3 = Nepaleiskite žmonių atgal pas tą, kas juos atvedė, atvežė ar sakosi esąs jų darbdavys, nepatikrinę, kas tai per žmogus.
pack-police-dont-4 = Nežadėkite to, ko negalite užtikrinti, pavyzdžiui, teisės likti šalyje, pinigų ar kad nebus imtasi jokių veiksmų.
pack-police-dont-5 = Neleiskite, kad tai, ką žmogus jums pasakė, pasiektų ką nors, kas gali būti susijęs su išnaudotojais.

## Bendruomenės organizacija (NVO)

pack-ngo-audience = Bendruomenės organizacijų darbuotojams ir savanoriams: konsultavimo centruose, maisto bankuose, religinėse bendruomenėse, anglų kalbos kursuose ir migrantų paramos grupėse.
pack-ngo-intro = Išnaudojami žmonės gali nepasitikėti valdžios institucijomis, bet jie dažnai ateina į maisto banką, bažnyčią, anglų kalbos kursus ar grupę, kurioje kalbama jų kalba. Jūs juos matote vis iš naujo, ten, kur jie gali jaustis saugūs, todėl galite pastebėti pokyčius ir išgirsti tai, ko niekas kitas neišgirsta.
pack-ngo-labour-1 = Žmonės dirba ilgas valandas, dažnai septynias dienas per savaitę, bet jiems lieka mažai pinigų ar visai nieko, arba jie sako, kad jų atlyginimas sulaikomas.
pack-ngo-labour-2 = Žmonės sako, kad yra skolingi tam, kas jiems surado darbą, transportą ar būstą, ir kad skola vis auga.
pack-ngo-labour-3 = Kažkas kitas laiko jų pasą, asmens tapatybės kortelę ar banko kortelę arba „prižiūri“ jų pinigus.
pack-ngo-labour-4 = Vienu adresu gyvena daug žmonių arba jie gyvena darbdavio suteiktame būste, iš kurio negali laisvai išeiti.
pack-ngo-labour-5 = Žmonės nežino adreso, kuriuo gyvena ar dirba, arba savo darbdavio pavadinimo.
pack-ngo-labour-6 = Juos visada kažkas atveda, laukia lauke ar jiems skambina, kol jie pas jus, ir jie skubiai išeina.
pack-ngo-labour-7 = Prieš atvykstant jiems buvo žadėtas kitoks darbas ar kitoks atlyginimas arba jiems duoti dokumentai kalba, kurios jie nesupranta.
pack-ngo-sexual-1 = Žmogui buvo pažadėtas įprastas darbas parduotuvėje, gamykloje ar valymo srityje, bet dabar jis verčiamas teikti seksualines paslaugas ar priimti „klientus“.
pack-ngo-sexual-2 = Partneris ar „vaikinas“, dažnai daug vyresnis, kontroliuoja, kur žmogus eina, su kuo kalba, jo telefoną ir pinigus.
pack-ngo-sexual-3 = Žmonės, kurie dažnai vežiojami iš miesto į miestą ar iš adreso į adresą arba nešiojasi kelis telefonus.
pack-ngo-sexual-4 = Sužalojimai, mėlynės ar narkotikų vartojimo požymiai, kurių žmogus nenori paaiškinti.
pack-ngo-sexual-5 = Vaikai ar jaunuoliai ateina su suaugusiaisiais, kurie nėra jų tėvai, arba pasakoja apie vyresnius „draugus“, duodančius jiems dovanų, pinigų ar juos pavežiojančius.
pack-ngo-do-1 = Jei tai saugu, raskite ramią akimirką pasikalbėti su žmogumi be pašalinių asmenų, jam gerai suprantama kalba, prireikus padedant profesionaliam vertėjui.
pack-ngo-do-2 = Išklausykite, rimtai vertinkite jo žodžius ir papasakokite apie jo teises ir šiame rinkinyje nurodytą pagalbos liniją: ji nemokama ir turi vertėjų.
pack-ngo-do-3 = Užsirašykite, ką matėte ir girdėjote, nurodydami datą ir laiką, ir perduokite tai savo organizacijos už apsaugą atsakingam asmeniui.
pack-ngo-do-4 = Gavę žmogaus sutikimą, paprašykite pirmojo reagavimo institucijos (first responder), pavyzdžiui, policijos, savivaldybės ar specializuotos labdaros organizacijos, apsvarstyti nukreipimą į Nacionalinį nukreipimo mechanizmą (NRM).
pack-ngo-do-5 = Jei gali būti susijęs vaikas arba kam nors gresia tiesioginis pavojus, veikite nedelsdami: kreipkitės į vaikų socialines tarnybas arba skambinkite skubiosios pagalbos numeriu.
pack-ngo-dont-1 = Nesiaiškinkite su žmogumi, kuris, jūsų manymu, juos kontroliuoja, ir neleiskite jam pastebėti, kad nerimaujate.
pack-ngo-dont-2 = Neprašykite versti draugų, giminaičių ar kitų bendruomenės narių.
pack-ngo-dont-3 = Nesidalykite tuo, ką išgirdote, su kitais bendruomenės nariais: žinios sklinda greitai ir gali pasiekti išnaudotojus.
pack-ngo-dont-4 = Nežadėkite pagalbos, kurios negalite suteikti, pavyzdžiui, darbo, būsto ar vizos.
pack-ngo-dont-5 = Netirkite patys, nesekite žmonių ir nevažiuokite jų adresais.

## Darbdavys

pack-employer-audience = Darbdaviams, kurie samdo savo ar agentūrų darbuotojus: personalo skyriams, objektų ir tiesioginiams vadovams, prižiūrėtojams ir tiems, kurie renkasi darbo jėgos tiekėjus ir su jais dirba.
pack-employer-intro = Išnaudojimas dažnai slepiasi už įprasto darbo. Laukuose, pakavimo cechuose ir maisto gamyklose jis gali vykti per darbo jėgos tiekėją, tarpininką ar net prižiūrėtoją jūsų pačių objekte. Jūs tvarkote darbo užmokestį, grafikus ir sutartis, kasdien matote darbuotojus, todėl galite išnaudojimą pastebėti ir jį sustabdyti.
pack-employer-labour-1 = Keli darbuotojai turi tą pačią banko sąskaitą, tą patį adresą ar tą patį kontaktinį asmenį nelaimės atveju.
pack-employer-labour-2 = Darbuotojai sako, kad sumokėjo mokestį už įdarbinimą arba yra skolingi už kelionę, būstą ar transportą, o išskaitos suryja didžiąją jų atlyginimo dalį.
pack-employer-labour-3 = Darbo jėgos tiekėjas, vairuotojas ar prižiūrėtojas laiko darbuotojų pasus, asmens tapatybės korteles ar banko korteles arba surenka jų atlyginimus.
pack-employer-labour-4 = Tas pats automobilis atveža ir išveža darbuotojų grupę, ir atrodo, kad jie negali laisvai keliauti patys ar kalbėtis su kitais.
pack-employer-labour-5 = Darbuotojai neturi savo algalapių ar sutarčių arba turi jas tik kalba, kurios nesupranta.
pack-employer-labour-6 = Darbuotojai nuolat pavargę ar alkani, neturi darbui tinkamų drabužių arba lieka darbo vietoje, kai nedirba.
pack-employer-labour-7 = Ta pati nuotrauka ar tas pats asmens dokumentas, regis, naudojamas kelių darbuotojų, arba darbuotojai atsiliepia į ne savo vardus.
pack-employer-labour-8 = Darbuotojai bijo prižiūrėtojo ar darbo jėgos tiekėjo, niekada nedaro pertraukų ir neima atostogų arba vengia kalbėtis su vadovais ar auditoriais.
pack-employer-sexual-1 = Prižiūrėtojas ar darbo jėgos tiekėjas siūlo pamainas, geresnį darbą ar būstą mainais už seksą.
pack-employer-sexual-2 = Darbuotojus, dažnai jaunas moteris, po pamainų pasiima vis kiti vyrai arba kolegos sako, kad naktimis jie „dirba“ kažkokiu adresu.
pack-employer-sexual-3 = Darbuotojas staiga perkeliamas į kitą objektą ar miestą, o kur jis gyvens, sprendžia kažkas kitas.
pack-employer-sexual-4 = Darbuotojai mini vyresnį „vaikiną“ ar kambario draugą, kuris juos atvedė į darbą ir pasiima jų atlyginimą.
pack-employer-do-1 = Patikrinkite, ar kiekvienas darbo jėgos tiekėjas turi įstatymo reikalaujamą licenciją: Jungtinėje Karalystėje žemės ūkio, moliuskų rinkimo ir maisto perdirbimo bei pakavimo sektoriuose – Darbo tarpininkų ir darbo išnaudojimo tarnybos (GLAA) licenciją.
pack-employer-do-2 = Kiekvienam darbuotojui mokėkite į jo paties vardu atidarytą sąskaitą, algalapius duokite jam suprantama kalba ir atkreipkite dėmesį į bendras sąskaitas, adresus ir telefono numerius.
pack-employer-do-3 = Darbo jėgos tiekėjams, sutartyse ir patiems darbuotojams aiškiai pasakykite, kad nė vienas darbuotojas niekada neturi mokėti už įdarbinimą.
pack-employer-do-4 = Užsirašykite, ką matėte ir girdėjote, ir praneškite personalo skyriui ar už apsaugą atsakingam asmeniui, kuris gali kreiptis į GLAA, policiją ar šiame rinkinyje nurodytą pagalbos liniją.
pack-employer-do-5 = Suteikite darbuotojams saugų būdą pranešti apie problemas savo kalba, atokiau nuo prižiūrėtojų ir darbo jėgos tiekėjų.
pack-employer-do-6 = Saugokite įrašus, kurie galėtų padėti tyrimui, pavyzdžiui, darbo grafikus, darbo laiko apskaitos žiniaraščius, darbo užmokesčio ir transporto įrašus.
pack-employer-dont-1 = Neatleiskite darbuotojų ir iškart nenutraukite sutarties su darbo jėgos tiekėju: tai gali pastumti darbuotojus į dar didesnį išnaudojimą ir įspėti už to stovinčius žmones.
pack-employer-dont-2 = Nesiaiškinkite su darbo jėgos tiekėju, prižiūrėtoju ar vairuotoju, kol negavote patarimo.
pack-employer-dont-3 = Neklausinėkite darbuotojų prižiūrėtojui girdint ir neprašykite versti bendradarbio ar darbo jėgos tiekėjo.
pack-employer-dont-4 = Nelaikykite to vien drausminiu, imigracijos ar teisės dirbti klausimu.
pack-employer-dont-5 = Nežadėkite darbuotojams darbo, atlyginimo ar apsaugos, kurių negalite užtikrinti.

## Kita organizacija

pack-other-audience = Visiems kitiems, kurie darbe bendrauja su žmonėmis: parduotuvių, viešbučių ir transporto darbuotojams, nekilnojamojo turto agentams, kurjeriams, pašto darbuotojams ir registratūros darbuotojams.
pack-other-intro = Išnaudojami žmonės vis tiek perka maistą, važinėja autobusais, apsistoja viešbučiuose ir nuomojasi kambarius. Jūs galite juos ar juos kontroliuojančius žmones matyti dažniau nei bet kuris specialistas. Nebūtina būti tikriems: jei kažkas atrodo negerai, pakanka apie tai pranešti.
pack-other-labour-1 = Darbuotojų grupes diena iš dienos labai anksti ryte surenka mikroautobusas ar furgonas ir parveža vėlai.
pack-other-labour-2 = Vienas žmogus perka maistą, bilietus ar telefono papildymus visai grupei arba už viską moka grynaisiais.
pack-other-labour-3 = Žmogus, kuris negali kalbėti už save, nežino, kur gyvena, arba prieš atsakydamas žvelgia į kitą žmogų.
pack-other-labour-4 = Žmogus, kuris atrodo išsigandęs, išsekęs ar alkanas arba vilki orams ar darbui netinkamus drabužius.
pack-other-labour-5 = Namas ar butas, į kurį pamainomis ateina ir iš kurio išeina daug žmonių, ant grindų matyti čiužiniai, langai uždengti.
pack-other-labour-6 = Žmogus sako, kad negali išeiti iš darbo, yra skolingas darbdaviui arba iš jo atimtas pasas.
pack-other-sexual-1 = Vienas žmogus užsako viešbučio kambarį ar trumpalaikės nuomos butą kitam asmeniui, ateina daug vyrų lankytojų, prašoma netrukdyti.
pack-other-sexual-2 = Jaunas žmogus su vyresniu suaugusiuoju, kuris nėra giminaitis, jį kontroliuoja, užsako jam kambarius ar už viską moka.
pack-other-sexual-3 = Žmones naktį į skirtingus adresus atveža ir iš jų paima tas pats vairuotojas.
pack-other-sexual-4 = Žmogus atrodo jaunesnis, nei sako, nežino, kur yra, arba turi sužalojimų, kurių nenori paaiškinti.
pack-other-do-1 = Kuo greičiau užsirašykite, ką matėte, nurodydami datą, laiką, vietą ir transporto priemonių numerius, jei juos matėte.
pack-other-do-2 = Praneškite savo vadovui arba organizacijos už apsaugą atsakingam asmeniui, jei toks yra.
pack-other-do-3 = Patarimo arba jei nesate tikri, skambinkite į šiame rinkinyje nurodytą pagalbos liniją: savo vardo sakyti nebūtina.
pack-other-do-4 = Jei kam nors gresia tiesioginis pavojus, nedelsdami skambinkite skubiosios pagalbos numeriu.
pack-other-dont-1 = Nesiaiškinkite su niekuo ir neleiskite pastebėti, kad kažką įtariate.
pack-other-dont-2 = Nesekite žmonių, jų nefotografuokite ir nebandykite patys daugiau išsiaiškinti.
pack-other-dont-3 = Nežadėkite žmogui nieko, ko negalite įvykdyti.
pack-other-dont-4 = Nenumokite ranka vien dėl to, kad nesate tikri: geriau pranešti apie nerimą, kuris pasirodys nepagrįstas.
