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

## Questions added for the impact measures

survey-q-confident = How sure are you that you would know where to get help for someone being exploited?
survey-likert-low = Not sure at all
survey-likert-high = Completely sure
survey-q-age = How old are you?

## The public form

survey-page-title = { survey-title }
survey-closed-title = This survey is not open
survey-closed = This link is not for a survey that is open now. Thank you for wanting to help.
survey-opens-on = This survey opens on { $date }. Please come back then: this link will work from that day.
survey-already = We have your answers already. Thank you.
survey-token-expired = This page was open too long. Please open the survey again and send your answers.
survey-errors = Please check the answers marked below.
survey-choose-one = Choose one
survey-choose-any = Choose any that apply
survey-scale = { $low } (1) to { $high } ({ $points })
survey-number-range = A number from { $min } to { $max }
survey-free-text-note = Please do not write names, addresses or phone numbers here.

## Problems with answers and definitions

survey-error-unknown = there is no such question
survey-error-required = please answer this question
survey-error-one = choose only one answer
survey-error-choice = “{ $value }” is not one of the answers
survey-error-number = a whole number from { $min } to { $max }
survey-error-too-long = at most { $max } characters
survey-error-questions = a survey needs from 1 to { $max } questions
survey-error-key = lower-case letters, digits, “-” and “_”, at most 40
survey-error-key-twice = the key “{ $key }” is used twice
survey-error-words = a message id of the locale files (letters, digits, “-”)
survey-error-no-words = the locale files have no message “{ $id }”
survey-error-options = from 2 to { $max } options
survey-error-option = “{ $value }” is not a usable answer value (a key used once)
survey-error-points = a scale of 3 to 11 points
survey-error-range = the largest number must be above the smallest
survey-error-free-text-off = this survey does not allow free text
survey-error-free-text-length = from 1 to { $max } characters
survey-error-outcome = the outcome must name a choice question and at least one of its answers
survey-error-campaign = there is no such campaign
survey-error-phase = “before” or “after”
survey-error-role = “target” or “comparison”
survey-error-closes = a day on or after the opening day
survey-error-no-wave = this survey has no wave “{ $key }”
survey-error-no-group = this survey has no comparison group “{ $key }”

## Notes on results

survey-note-small = { $group }, wave { $wave }: only { $n } answers (fewer than { $min }), so its interval is wide.
survey-note-suppressed = { $group }, wave { $wave }: fewer than { $k } answers, not shown outside the analyst role.
survey-note-empty = { $group }, wave { $wave }: no answers to the outcome question.
survey-note-no-did = The difference-in-differences needs answers in both waves from the target and the comparison group.
survey-note-no-comparison = There is no comparison group, so the change in the target group cannot be separated from changes that happened everywhere.
survey-note-one-wave = There is no baseline and follow-up pair of waves, so no change is computed.
survey-note-unreadable = { $n } responses no longer match the current questions and are left out.
survey-note-flagged = { $n } near-duplicate responses wait for review and are left out until kept.
survey-note-method = Shares have Wilson 95% intervals. Changes between waves have unpooled Wald 95% intervals and a two-sided z-test with the pooled standard error. The difference-in-differences treats the four samples as independent, with the standard error √Σ p(1−p)/n.

## Imports

survey-import-no-wave = { $file }, line { $line }: this survey has no wave “{ $key }”
survey-import-no-group = { $file }, line { $line }: this survey has no group “{ $key }”
survey-import-no-locale = { $file }, line { $line }: Beacon has no locale “{ $key }”
survey-import-unknown-wave = this survey has no wave “{ $key }”
survey-import-unknown-group = this survey has no group “{ $key }”
survey-import-unknown-locale = Beacon has no locale “{ $key }”
survey-import-no-mapping = no column mapping is saved for this format yet: send one with the file
survey-import-format-differs = the mapping is for another format than the file's
survey-import-title = Import answers
survey-import-help = A CSV export of Google Forms or of KoboToolbox/ODK. The first time, Beacon suggests which column feeds which question from the file's header; check it, correct it, and import. The mapping is saved and used for the next file of that format. A file with any bad row is refused whole, each bad row named.
survey-import-format = Export format
survey-import-format-google = Google Forms
survey-import-format-kobo = KoboToolbox or ODK
survey-import-mapping = Column mapping (JSON)
survey-import-suggest = Suggest a mapping
survey-import-send = Import
survey-import-saved = This is the mapping saved from the last import of this format.
survey-import-suggested = This mapping was suggested from the file's header: check it before importing.
survey-import-done = { $rows } answers imported, { $flagged } flagged as near-duplicates for review.
survey-import-errors = Nothing was imported. The file's bad rows:
survey-form-changed = The questions were changed while this page was open. Please check your answers below and send them again.
survey-error-weighting-empty = Name an age question, a gender question or both to weight by.
survey-error-weighting-question = The weighting question { $key } must be a single-choice question of this survey.
survey-error-weighting-options = None of this question's options is one of the audience's groups ({ $values }); name its options as those are named.
survey-error-no-weighting = This survey has no weighting questions (an age or gender question named under "weighting"), so its results cannot be weighted.
survey-note-weighted = Weighted: each wave and group's answers are post-stratified to the population's mix of age bands and genders ({ $source }), the two taken as independent; within a wave and group, age and gender groups with no answers are left to the others. Intervals use Kish's effective sample size. Choice counts are answers as given, unweighted.
survey-note-weight-left-out = { $n ->
    [one] One response did not say its age band or gender and is left out of the weighted figures.
   *[other] { $n } responses did not say their age band or gender and are left out of the weighted figures.
}
survey-weighted = Weighted to the population
survey-unweighted = Unweighted
