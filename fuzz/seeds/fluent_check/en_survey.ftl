# The short, anonymous follow-up survey after a campaign. Written for anyone, in plain words.

## Start

survey-title = A short survey about work rights
survey-intro = Not long ago we shared messages about rights at work. Please answer a few short questions. It takes about two minutes.
survey-consent = This survey is anonymous. We do not ask for your name or contact details, and you can stop at any time.
survey-skip = You can leave out any question you do not want to answer.

## Questions and answers

survey-q-seen = Have you seen our message about work rights in the last month?
survey-a-yes = Yes
survey-a-no = No
survey-a-not-sure = Not sure
survey-q-heard-before = Before this, had you heard of the Modern Slavery & Exploitation Helpline?
survey-q-act-differently = Would you act differently now if you saw signs of exploitation?
survey-q-what-action = If you saw signs that someone is being exploited, what would you do first?
survey-a-call-helpline = Call the helpline
survey-a-tell-someone = Tell someone I trust
survey-a-report-online = Report it online
survey-a-nothing = Nothing
survey-q-language = In which language would you most like to get messages like this?
survey-a-language-other = Another language

## End

survey-submit = Send my answers
survey-thanks-title = Thank you
survey-thanks = Thank you for your answers. They help us reach more people with information that can keep them safe.
survey-thanks-helpline = If you need help now, call the Modern Slavery & Exploitation Helpline free on 08000 121 700, any time.

## Results, for evaluators

survey-responses = { $count ->
        [one] { $count } response
       *[other] { $count } responses
    }
