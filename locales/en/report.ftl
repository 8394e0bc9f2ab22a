# The campaign impact report (src/report/impact/): its headings, sentences, table columns, chart texts and
# method. Figures come in as arguments already written the locale's way ($share is "29.1%", $interval
# "24.5% to 33.2%"), so no message here needs plural forms.

## Numbers

impact-percent = { $value }%
impact-points = { $value } points
impact-interval = { $low } to { $high }
impact-money = { $amount } { $currency }
impact-wave-before = Before
impact-wave-after = After

## Cover and footer

impact-title = Campaign impact report
impact-subtitle = { $campaigns }, { $from } to { $to }
impact-no-campaigns = No campaign is named in these figures.
impact-synthetic = These figures are made up (synthetic data), for demonstration and testing. They describe no real campaign.
impact-footer = Beacon { $version } · data through { $through } · fingerprint { $fingerprint }

## Summary

impact-summary-heading = Summary
impact-summary-reach = An estimated { $unique } people were reached at least once, { $share } of an audience of { $audience }.
impact-summary-reach-no-audience = The channels reached { $sum } people in all, counting a person once for each channel that reached them. Without an audience size, the number of different people reached cannot be estimated.
impact-summary-survey = In { $target }, the share of people surveyed answering “{ $answer }” to “{ $question }” went from { $before } before the campaign to { $after } after it ({ $change }).
impact-summary-did = Compared with { $comparison }, the difference in differences is { $did } (95% interval { $interval }).
impact-summary-no-survey = No survey was run, so this report measures reach only, not any change in what people know.
impact-summary-trainings = Training sessions held by partners: { $sessions }. Staff trained: { $staff }.
impact-campaigns-caption = Campaigns in this report
impact-col-campaign = Campaign
impact-col-dates = Dates
impact-col-regions = Regions

## Reach

impact-reach-heading = People reached
impact-reach-audience = Audience: { $audience } people, the population of the campaigns' regions in the age groups and genders they aimed at.
impact-reach-no-audience = No audience size: the audience has no population estimate, so the number of different people reached cannot be estimated.
impact-reach-unique = Different people reached across all channels (an estimate): { $unique }, { $share } of the audience. The channels' plain sum is { $sum }.
impact-reach-sum = The channels' plain sum is { $sum }: a person reached by two channels counts twice.
impact-reach-staff = Partners' staff trained: { $staff }. They are not part of the audience, so they are not in these sums.
impact-reach-channels-caption = People reached per channel
impact-col-channel = Channel
impact-col-reach = People reached
impact-col-basis = How they were counted
impact-col-impressions = Impressions
impact-col-clicks = Clicks
impact-chart-reach-title = People reached per day, by channel
impact-chart-reach-axis = People reached per day
impact-chart-reach-desc = One line per channel ({ $channels }) of the people it reached each day from { $from } to { $to }. The highest day was { $day }, with { $peak } people reached by { $channel }.
impact-chart-reach-caption = Each platform counts the people it reached on each day. The days cannot be added up: a person who saw the campaign on three days counts on each of them.
impact-chart-empty = No figures to show.

## Map

impact-map-heading = Where people were reached
impact-map-intro = The map shades each of { $cells } areas of about 5 km² (H3 cells) by the estimated number of people reached there.
impact-map-none = No figures per area: the map is left out.
impact-map-title = Estimated people reached per area
impact-map-legend = People reached
impact-map-desc = { $cells } H3 cells shaded by the estimated number of people reached, from { $min } to { $max } per cell.
impact-map-caption = Each area's population and estimate are in the file cells.csv of the data download.

## Languages

impact-languages-heading = Languages
impact-languages-intro = The audience by the language people speak, and the estimated number of them reached in it.
impact-languages-none = No figures by language.
impact-languages-caption = Audience and people reached, by language
impact-col-language = Language
impact-col-audience = Audience
impact-col-share-reached = Share reached
impact-chart-languages-title = Audience and people reached, by language
impact-chart-languages-desc = For each language, a plain bar for the audience and a hatched bar for the people reached: { $values }.
impact-chart-languages-value = { $language }: audience { $audience }, reached { $reach }
impact-chart-languages-caption = Plain bars: the audience. Hatched bars: the people reached.
impact-chart-audience = Audience
impact-chart-reached = People reached
impact-chart-no-estimate = no estimate

## Survey

impact-survey-heading = Survey
impact-survey-none = No survey: none was run for these campaigns, so this report does not measure any change in what people know.
impact-survey-intro = Survey { $name }. The outcome is the share answering “{ $answer }” to the question “{ $question }”. Target group: { $target }.
impact-survey-comparison = Comparison group, which the campaign did not aim at: { $comparison }.
impact-survey-no-comparison = No comparison group: the change in the target group may have causes other than the campaign.
impact-survey-did = Difference in differences ({ $target } less { $comparison }): { $did }, standard error { $se }, 95% interval { $interval }, p = { $p }.
impact-survey-shares-caption = The outcome's share per group and wave
impact-survey-changes-caption = Change from before to after, per group
impact-survey-breakdowns-caption = The outcome's share by language and by channel
impact-survey-scales-caption = Questions answered on a scale
impact-survey-choices-caption = Questions with one answer out of several
impact-col-group = Group
impact-col-wave = Wave
impact-col-answers = Answers
impact-col-n = Sample size (n)
impact-col-share = Share
impact-col-interval = 95% interval
impact-col-before = Before
impact-col-after = After
impact-col-change = Change
impact-col-p = p-value
impact-col-by = Breakdown
impact-col-value = Value
impact-col-question = Question
impact-col-mean = Mean
impact-col-distribution = Share of each answer
impact-col-option = Answer
impact-by-locale = Language
impact-by-channel = Channel
impact-suppressed = not shown (fewer than { $k } answers)
impact-warn-small-n = { $group }, { $wave }: a sample of { $n }, smaller than the { $min } needed to read the share with confidence.
impact-chart-shares-title = Share answering “{ $answer }” to “{ $question }”, before and after, with 95% intervals
impact-chart-shares-desc = Each group's share before the campaign (circles) and after it (squares), with error bars for the 95% interval: { $values }.
impact-chart-shares-value = { $group }, { $wave }: { $share } ({ $interval })
impact-chart-shares-axis = Share of answers
impact-chart-shares-caption = Circles: before the campaign. Squares: after it. The bars show each share's 95% interval.

## Training

impact-trainings-heading = Training
impact-trainings-none = No training sessions were reported for these campaigns.
impact-trainings-summary = Training sessions: { $sessions }. Staff trained: { $staff }.
impact-trainings-quiz = Quiz, in the sessions that held it before and after the training ({ $sessions }): correct answers went from { $before } to { $after }, a change of { $change } (95% interval { $interval }).
impact-trainings-caption = Sessions and staff trained, by sector
impact-col-sector = Sector
impact-col-sessions = Sessions
impact-col-staff = Staff trained

## Costs

impact-costs-heading = Costs
impact-costs-none = No spend was recorded.
impact-costs-caption = Spend per channel
impact-col-spend = Spend
impact-col-cost-per-person = Cost per person reached

## Method and assumptions

impact-method-heading = Method and assumptions
impact-method-synthetic = The figures are synthetic: made up to show how the report works. No conclusion may be drawn from them.
impact-method-platform-daily = Ad platforms report the people reached per day, and the days cannot be added up, because the same person counts on every day they saw the campaign. Each platform's reach is its highest day, which is at most the number of people it reached over the whole campaign.
impact-method-platform-lifetime = Where an ad platform counts the people it reached over the whole campaign, each person once however many days they saw it, that figure is the platform's reach.
impact-method-sainsbury = Different people reached across channels are estimated with the Sainsbury formula, which assumes that the channels overlap at random within the audience: of an audience of N, channels reaching r₁ … rₖ reach together N × (1 - (1 - r₁/N) × … × (1 - rₖ/N)).
impact-method-cap = The estimate never exceeds the audience: a channel that reports more people than the audience is counted as the whole audience.
impact-method-no-audience = The audience has no population estimate, so different people reached across channels cannot be estimated: only the channels' plain sum is given, which counts a person once for each channel that reached them.
impact-method-estimates = Reach per area and per language is an estimate, not a count: the platforms do not report reach by area or by language. The notes below say how it was estimated.
impact-method-wilson = Each share has a 95% Wilson score interval, which stays between 0% and 100% and holds even when every answer, or none, is the outcome.
impact-method-change = The change between waves is the share after less the share before, with a 95% Wald interval from the two waves' separate (unpooled) variances, the waves being independent samples.
impact-method-pooled-z = The p-value of a change is that of a two-sided z-test with the pooled share's standard error. A change in a group whose answers were all the same in both waves has p = 1.
impact-method-did = The difference in differences is the target group's change less the comparison group's. Its standard error is the interaction's heteroskedasticity-robust (HC0) error in a linear regression with full interaction, which is the square root of the sum of p(1 - p)/n over the four group-and-wave cells.
impact-method-weights = Answers are weighted to the population's mix (post-stratification). A weighted share's interval uses Kish's effective sample size, (Σw)² / Σw², in place of the number of answers.
impact-method-unweighted = Answers are not weighted: each counts once, and the sample size is the number of answers.
impact-method-min-n = A group-and-wave cell with a sample smaller than { $min } is flagged: its share is too uncertain to read on its own.
impact-method-k = A breakdown cell with fewer than { $k } answers is not shown, so that no small group of people can be singled out.
impact-method-likert = Questions answered on a scale show each answer's share and the mean with its 95% Student's t interval.
impact-method-quiz = The training quiz's change pools the correct answers of every session that held the quiz before and after. Its interval treats answers as independent, though each person gives several and the same people answer both quizzes, so it is a guide, not a test.
impact-method-costs = Cost per person reached is a channel's spend divided by the people that channel reached, in the channel's own currency; no currency is converted.

## Notes

impact-notes-heading = Notes on these figures
impact-notes-none = There are no notes on these figures.
impact-note-cells-population = Reach per area spreads each channel's reach over the areas it aimed at, in proportion to their population.
impact-note-locales-share = Reach per language spreads each channel's reach over the languages of its audience, in proportion to the people speaking each.

## Provenance

impact-provenance-heading = Where the figures come from
impact-provenance-version = Made by Beacon { $version }.
impact-provenance-through = The data runs to { $day }.
impact-provenance-no-date = The data holds no dated figure.
impact-provenance-fingerprint = Fingerprint of the data (SHA-256 of its JSON): { $fingerprint }
impact-source-insights = the ad platforms' delivery figures
impact-source-email = the e-mails sent and their delivery
impact-source-events = the events held off line, as campaign staff entered them
impact-source-trainings = the training sessions partners reported
impact-source-survey = the survey “{ $name }”, version { $version }
impact-source-demo-answers = synthetic survey answers made by the demo
impact-source-import = survey answers imported from “{ $file }”
impact-provenance-sources = Sources: { $sources }.
impact-provenance-no-sources = No source is named.
impact-provenance-files = The figures behind every chart and table are in the data download, as CSV files and as JSON.
