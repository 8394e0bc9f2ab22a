# Conținutul campaniei: reclamele și pagina pe care ajung oamenii când apasă pe o reclamă.
# Reclamele au limite stricte de lungime: .headline cel mult 30 de caractere, .primary-text cel mult 90,
# .description cel mult 30 (se numără și spațiile).

## Reclame. Valoarea este un nume scurt pentru echipa de campanie; atributele sunt textul reclamei.

creative-rights-at-work = Află-ți drepturile la muncă
    .headline = Află-ți drepturile la muncă
    .primary-text = Plată mică, ore prea multe, fără fluturaș? Sună gratuit și confidențial: 08000 121 700
    .description = Gratuit și confidențial, 24/7
    .image-alt = Muncitori agricoli culeg legume pe un câmp întins și plat, dis-de-dimineață.

creative-passport = Altcineva îți ține pașaportul
    .headline = Cine îți ține pașaportul?
    .primary-text = Pașaportul și buletinul sunt ale tale. Nimeni nu are voie să le țină. Sună: 08000 121 700
    .description = Ajutor gratuit, confidențial
    .image-alt = Mâna unui bărbat ține un pașaport, iar altă persoană se întinde peste masă să-l ia.

creative-debt = O datorie care nu scade niciodată
    .headline = O datorie care nu mai scade?
    .primary-text = Datorezi bani unui recrutor sau proprietar și datoria tot crește? Sună: 08000 121 700
    .description = Ajutor gratuit, oricând
    .image-alt = O femeie îngrijorată stă pe un pat, într-o cameră aglomerată, și se uită la o listă scrisă de mână cu banii pe care îi datorează.

## Pagina pe care ajungi după ce apeși pe reclamă

landing-title = Munca ta trebuie să fie corectă și sigură
landing-intro = Oricine muncește în Regatul Unit are dreptul să fie plătit corect, să își păstreze actele și să plece de la un loc de muncă. Dacă ceva nu e în regulă la locul tău de muncă, poți primi ajutor gratuit.
landing-signs-heading = Semne că ceva nu e în regulă
landing-sign-pay = Primești mult mai puțin decât ți s-a promis sau altcineva îți ia banii.
landing-sign-documents = Altcineva îți ține pașaportul sau buletinul și nu vrea să ți le dea înapoi.
landing-sign-debt = Datorezi bani pentru drum, pentru slujbă sau pentru un pat, iar datoria nu scade niciodată.
landing-sign-housing = Trebuie să locuiești unde spune șeful, într-un loc aglomerat, iar chiria îți este oprită din salariu.
landing-sign-movement = Nu poți pleca și veni cum vrei sau ți se spune să nu vorbești cu nimeni.
landing-helpline = Sună gratuit la linia de ajutor pentru sclavie modernă și exploatare (Modern Slavery & Exploitation Helpline), la { $phone }, oricând, în limba ta.
landing-emergency = Dacă ești în pericol chiar acum, sună la 999.
landing-report-link = Îți faci griji pentru altcineva? Spune-ne anonim
landing-privacy = Nu înregistrăm cine ești. Nu trebuie să îți spui numele ca să primești ajutor.
