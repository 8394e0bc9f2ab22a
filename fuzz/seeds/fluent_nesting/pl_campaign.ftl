# Treści kampanii: reklamy i strona, na którą trafia się po kliknięciu reklamy.
# Reklamy mają sztywne limity długości: .headline najwyżej 30 znaków, .primary-text najwyżej 90,
# .description najwyżej 30 (spacje też się liczą).

## Reklamy. Wartość to krótka nazwa dla osób prowadzących kampanię; atrybuty to tekst reklamy.

creative-rights-at-work = Poznaj swoje prawa w pracy
    .headline = Poznaj swoje prawa w pracy
    .primary-text = Mało płacą, każą pracować za długo? Zadzwoń bezpłatnie i poufnie: 08000 121 700
    .description = Bezpłatnie i poufnie, 24/7
    .image-alt = Pracownicy rolni zbierają warzywa na szerokim, płaskim polu wczesnym rankiem.

creative-passport = Ktoś inny trzyma twój paszport
    .headline = Kto ma twój paszport?
    .primary-text = Paszport i dowód są twoje. Nikt nie ma prawa ich zatrzymać. Zadzwoń: 08000 121 700
    .description = Bezpłatna i poufna pomoc
    .image-alt = Męska dłoń trzyma paszport, po który ktoś inny sięga przez stół.

creative-debt = Dług, który nigdy nie maleje
    .headline = Dług, który nigdy nie maleje?
    .primary-text = Dług u pośrednika albo za mieszkanie ciągle rośnie? Bezpłatna pomoc: 08000 121 700
    .description = Pomoc za darmo, całą dobę
    .image-alt = Zmartwiona kobieta siedzi na łóżku w zatłoczonym pokoju i patrzy na odręczną listę długów.

## Strona po kliknięciu reklamy

landing-title = Twoja praca powinna być uczciwa i bezpieczna
landing-intro = Każdy, kto pracuje w Wielkiej Brytanii, ma prawo do uczciwej zapłaty, do trzymania własnych dokumentów i do odejścia z pracy. Jeśli coś w twojej pracy jest nie tak, możesz dostać pomoc – za darmo.
landing-signs-heading = Sygnały, że coś jest nie tak
landing-sign-pay = Dostajesz dużo mniej, niż ci obiecano, albo ktoś inny zabiera ci wypłatę.
landing-sign-documents = Ktoś inny trzyma twój paszport lub dowód i nie chce ich oddać.
landing-sign-debt = Masz dług za podróż, pracę albo łóżko i ten dług nigdy nie maleje.
landing-sign-housing = Musisz mieszkać tam, gdzie każe szef, w przepełnionym miejscu, a czynsz potrącają ci z wypłaty.
landing-sign-movement = Nie możesz swobodnie wychodzić i wracać albo każą ci z nikim nie rozmawiać.
landing-helpline = Zadzwoń bezpłatnie na infolinię Modern Slavery & Exploitation Helpline (pomoc w sprawie współczesnego niewolnictwa i wyzysku) pod numer { $phone } – o każdej porze, w swoim języku.
landing-emergency = Jeśli grozi ci teraz niebezpieczeństwo, zadzwoń pod 999.
landing-report-link = Martwisz się o kogoś innego? Zgłoś to anonimowo
landing-privacy = Nie zapisujemy, kim jesteś. Żeby dostać pomoc, nie musisz podawać imienia ani nazwiska.
