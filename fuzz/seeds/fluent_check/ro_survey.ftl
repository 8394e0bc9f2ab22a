# Un sondaj scurt și anonim după campanie. Scris pe înțelesul tuturor, în cuvinte simple.
# Traducere parțială: celelalte întrebări apar în engleză.

## Început

survey-title = Un sondaj scurt despre drepturile la muncă
survey-intro = De curând am distribuit mesaje despre drepturile la muncă. Te rugăm să răspunzi la câteva întrebări scurte. Durează cam două minute.
survey-consent = Sondajul este anonim. Nu îți cerem numele sau datele de contact și te poți opri oricând.

## Întrebări și răspunsuri

survey-q-seen = Ai văzut în ultima lună mesajul nostru despre drepturile la muncă?
survey-a-yes = Da
survey-a-no = Nu
survey-a-not-sure = Nu știu
survey-q-act-differently = Ai proceda acum altfel dacă ai vedea semne de exploatare?

## Sfârșit

survey-submit = Trimite răspunsurile
survey-thanks-title = Mulțumim
survey-thanks = Îți mulțumim pentru răspunsuri. Ne ajută să ajungem la mai mulți oameni cu informații care îi pot proteja.

## Rezultate, pentru evaluatori

survey-responses = { $count ->
        [one] { $count } răspuns
        [few] { $count } răspunsuri
       *[other] { $count } de răspunsuri
    }
