# Krótka, anonimowa ankieta po kampanii. Napisane prostymi słowami, dla każdego.
# Tłumaczenie częściowe: pozostałe pytania wyświetlają się po angielsku.

## Początek

survey-title = Krótka ankieta o prawach w pracy
survey-intro = Niedawno pokazywaliśmy informacje o prawach w pracy. Odpowiedz na kilka krótkich pytań – zajmie to około dwóch minut.
survey-consent = Ankieta jest anonimowa. Nie pytamy o imię, nazwisko ani dane kontaktowe, a przerwać możesz w każdej chwili.

## Pytania i odpowiedzi

survey-q-seen = Czy w ostatnim miesiącu trafiła do ciebie nasza wiadomość o prawach w pracy?
survey-a-yes = Tak
survey-a-no = Nie
survey-a-not-sure = Nie wiem
survey-q-act-differently = Czy teraz twoja reakcja na oznaki wyzysku byłaby inna niż wcześniej?

## Koniec

survey-submit = Wyślij odpowiedzi
survey-thanks-title = Dziękujemy
survey-thanks = Dziękujemy za odpowiedzi. Pomagają nam docierać do większej liczby osób z informacjami, które mogą je ochronić.

## Wyniki dla osób oceniających kampanię

survey-responses = { $count ->
        [one] { $count } odpowiedź
        [few] { $count } odpowiedzi
        [many] { $count } odpowiedzi
       *[other] { $count } odpowiedzi
    }
