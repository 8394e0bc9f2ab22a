# Beacon's own pages: navigation, login, account, administration, maps.
# `en` is the reference locale: every other locale is compared with this file.

app-name = Beacon
app-tagline = Awareness campaigns against human trafficking
skip-to-content = Skip to content
nav-label = Main
nav-home = Home
nav-map = Map
    .help = The map of the campaign area: H3 cells over the Fenland districts and their towns.
nav-partners = Partners
    .help = The partner organisations Beacon works with.
nav-surveys = Surveys
    .help = Surveys before and after a campaign, and what changed.
nav-impact = Impact
    .help = The impact report: reach, surveys and trainings, as PDF, HTML, CSV and JSON.
nav-my-organisation = My organisation
    .help = Your organisation and its accounts.
nav-users = Users
    .help = Staff accounts: create them, reset passwords, disable them.
nav-audit = Audit log
    .help = Who did what, and when.
nav-account = Account
    .help = Your language, your password and your API tokens.
logout = Log out
signed-in-as = Signed in as { $email } ({ $role })
language = Language
language-auto = Automatic (from the browser)
save = Save
footer-text = Beacon is open source. It stores no names or contacts of victims, reporters or respondents.

role-admin = Administrator
role-analyst = Analyst
role-campaigner = Campaigner
role-translator = Translator
role-evaluator = Evaluator
role-partner = Partner

## Login

login-title = Log in
login-email = E-mail address
login-password = Password
login-submit = Log in
login-error-wrong = The e-mail address or password is not right.
login-error-expired = The login form expired. Please try again.
login-error-too-many = Too many failed attempts. Wait a minute, then try again.

## Home

home-title = Welcome
home-greeting = Hello, { $email }.
home-your-role = Your role: { $role }
home-intro-admin = You manage staff accounts, partner organisations and API tokens, and you can read the audit log.
home-intro-analyst = You load incident data and anonymous community reports, and read hotspot maps, routes and forecasts.
home-intro-campaigner = You turn hotspots into regions and audiences, choose languages and creatives, and schedule campaigns.
home-intro-translator = You supply the Fluent locale files that every campaign, e-mail, survey and training pack is written in.
home-intro-evaluator = You read impact reports: reach, and survey results before and after, with honest intervals.
home-intro-partner = Your organisation receives red-flag training packs in its language and reports who was trained.
home-open = Open

## Account

account-title = Your account
account-email = E-mail address
account-role = Role
account-language-help = The language of Beacon's pages for you. Automatic follows your browser.
account-password = Password
account-change-password = Change your password
tokens-title = API tokens
tokens-help = Scripts use a token as "Authorization: Bearer …". A token acts as you; revoke it when it is no longer needed.
tokens-none = You have no API tokens.
token-name = Name
token-prefix = Starts with
token-created = Created
token-last-used = Last used
token-status = Status
token-active = Active
token-revoked = Revoked
token-never = Never
token-revoke = Revoke
token-create = Create a token
token-new = Your new token. Copy it now: Beacon shows it only once.
token-error-name = A token needs a name of 1 to 100 characters.

## Password

password-title = Choose a password
password-first = You logged in with a one-time password. Choose your own password to continue.
password-current = Current password
password-new = New password
password-new-help = At least 12 characters. A few unrelated words make a strong password.
password-confirm = New password again
password-submit = Save password
password-error-current = The current password is not right.
password-error-mismatch = The two new passwords differ.
password-error-short = The new password needs at least 12 characters.
password-error-same = The new password must differ from the current one.

## Users

users-title = Staff accounts
users-email = E-mail address
users-role = Role
users-partner = Partner organisation
users-partner-none = None (not a partner account)
users-status = Status
users-active = Active
users-disabled = Disabled
users-must-change = Has a one-time password
users-actions = Actions
users-disable = Disable
users-enable = Enable
users-reset = New one-time password
users-add = Add an account
users-add-submit = Create the account
users-created = Account { $email } has the one-time password below. Give it to them privately: it is shown only once.

## Audit

audit-title = Audit log
audit-when = When
audit-who = Who
audit-action = Action
audit-subject = Subject
audit-detail = Detail
audit-system = System
audit-empty = Nothing has been recorded yet.
audit-from = From
audit-to = To
audit-pages = Pages of the audit log
audit-newer = Newer entries
audit-older = Older entries
# How a read reached Beacon: $via is api or page.
audit-via = { $via ->
    [page] on a page
   *[api] over the API
}
audit-action-login = Logged in
audit-action-demo-seed = Demo data seeded
audit-action-user-create = Account created
audit-action-user-reset-password = One-time password issued
audit-action-user-disable = Account disabled
audit-action-user-enable = Account enabled
audit-action-password-change = Password changed
audit-action-partner-create = Partner organisation added
audit-action-token-create = API token created
audit-action-token-revoke = API token revoked
audit-action-incidents-import = Incidents imported
audit-action-incidents-read = Incidents read
audit-action-reports-read = Community reports read
audit-action-hotspots-read = Hotspots read
audit-action-emerging-read = Emerging hotspots read
audit-action-forecast-read = Forecast read
audit-action-routes-read = Routes read
audit-action-export = Export
audit-action-report-accept = Report accepted
audit-action-report-reject = Report rejected
audit-action-locale-version = Translation file saved
audit-action-locale-confirm = Translations confirmed
audit-action-creative-create = Creative created
audit-action-creative-edit = Creative edited
audit-action-creative-approve = Creative approved
audit-action-region-create = Region created
audit-action-region-delete = Region deleted
audit-action-region-shares = Community shares set
audit-action-population-import = Population imported
audit-action-audience-create = Audience created
audit-action-audience-freeze = Audience snapshot frozen
audit-action-job-retry = Job retried from the dead letter
# The filter that chose a read's incidents: its set fields, joined with commas.
audit-filter-none = all incidents
audit-filter-from-year = from { $value }
audit-filter-to-year = until { $value }
audit-filter-exploitation-type = exploitation: { $value }
audit-filter-nationality = nationality: { $value }
audit-filter-data-source = source: { $value }
audit-filter-victim-gender = victim's gender: { $value }
audit-filter-recruitment = recruitment: { $value }
# $filter is the filter as described by the audit-filter-* messages.
audit-detail-incidents-read = Incidents read: { $count }; { $filter }
audit-detail-reports-read = Pending community reports read: { $count }
audit-detail-hotspots-read = Hotspots at resolution { $resolution }, neighbour rings: { $rings }, cells: { $cells }; { $filter }
audit-detail-emerging-read = Emerging hotspots at resolution { $resolution }, by { $step ->
        [week] week
       *[month] month
    }, at most { $steps } steps, cells: { $cells }; { $filter }
audit-detail-routes-read = Routes between { $level ->
        [cell] cells at resolution { $resolution }
       *[country] countries
    }: { $routes }; { $filter }
audit-detail-export = { $unit ->
        [routes] Routes
       *[cells] Cells
    } exported: { $count }; { $filter }
audit-subject-demo-seed = Demo
audit-subject-report-accept = Report { $report }
audit-subject-report-reject = Report { $report }
audit-subject-creative-create = Creative { $creative }
audit-subject-creative-edit = Creative { $creative }
audit-subject-creative-approve = Creative { $creative } ({ $locale })
audit-subject-region-create = Region { $region }
audit-subject-region-delete = Region { $region }
audit-subject-region-shares = Region { $region }
audit-subject-job-retry = Job { $job } ({ $kind })
audit-subject-population-import = Population layer { $layer }
audit-subject-audience-create = Audience { $audience }
audit-subject-audience-freeze = Audience { $audience }
audit-detail-demo-seed = Partners, one account per role, incidents, reports, population, the Fenland audience and creatives
audit-detail-user-create = Role: { $role }
audit-detail-partner-create = Kind: { $kind }
audit-detail-token-create = { $name }
audit-detail-token-revoke = { $name }
import-format-beacon = Beacon CSV
import-format-ctdc = CTDC CSV
import-format-geojson = GeoJSON
import-format-json = JSON batch
audit-detail-incidents-import = Format { $format }: rows: { $rows }, added: { $added }, duplicates: { $duplicates }
audit-detail-locale-version = Version { $version } ({ $kind ->
        [rollback] a rollback
       *[upload] an upload
    }): { $changes }
audit-detail-locale-confirm = Still right: { $ids }
audit-detail-creative-create = { $name }
audit-detail-creative-edit = Approvals withdrawn: { $withdrawn }
audit-detail-creative-approve = Texts and image: { $content_hash }
audit-detail-region-create = Cells: { $cells }, resolution { $resolution }
audit-detail-region-delete = { $name }
audit-detail-region-shares = Languages: { $locales }
audit-detail-population-import = Cells: { $cells }, people: { $people }
audit-detail-audience-create = { $name }
audit-detail-audience-freeze = Version { $version }: { $reason }

## Partners

partners-title = Partner organisations
partners-name = Name
partners-sector = Sector
partners-members = Accounts
partners-none = There are no partner organisations yet.
partners-add = Add a partner organisation
partners-add-submit = Add
partner-title = { $name }
partner-sector-bank = Bank
partner-sector-local_authority = Local authority
partner-sector-health = Health
partner-sector-police = Police
partner-sector-ngo = Community organisation (NGO)
partner-sector-employer = Employer
partner-sector-other = Other
# Sectors as older audit entries name them.
partner-sector-council = Council
partner-sector-charity = Charity
partner-members-none = This organisation has no accounts yet.

## Map

map-title = Campaign area
map-intro = The Fenland demo area: the six districts of the Fenland anti-trafficking campaign, drawn as H3 cells of about 5 km². A darker cell holds more census areas, so more people.
map-demo-title = Fenland districts: census areas per H3 cell
map-demo-description = { $cells } H3 cells over { $districts } districts, shaded by the number of census areas (LSOAs, about 1,500 residents each) whose centre lies in the cell. Towns of 15,000 people or more are marked.
map-demo-legend = Census areas per cell
map-no-data = no data
map-all-values = all values
map-cells-description = Map of { $cells } H3 cells coloured by { $what }.
map-districts = Districts
map-district = District
map-lsoas = Census areas (LSOAs)
map-area = Area (km²)
map-towns = Towns
map-town = Town
map-population = Population
map-sources = Boundaries: Office for National Statistics, 2011 LSOAs (Open Government Licence v3). Towns: GeoNames (CC BY 4.0). Country outlines: Natural Earth (public domain).

## Errors

error-title = Something went wrong
error-not-found = This page does not exist.
error-forbidden = Your role cannot open this page.
error-too-many = Too many attempts. Wait a minute, then try again.
error-internal = Beacon could not complete this request. The error was logged.
error-unavailable = Beacon cannot save anything just now, so nothing was saved. Please try again in a few minutes.
error-bad-request = Beacon could not use what was sent.
error-home = Back to the home page

## Why a request was refused (shown after the field at fault, if any)

refused-exists-email = an account with this e-mail address exists already
refused-exists-partner = a partner organisation with this name exists already
refused-exists-contact = this partner has a contact with this address already
refused-pack-region-not-served = the partner does not serve this region: add it to the partner's regions first
refused-pack-no-region = the partner serves no region yet: set its regions first
refused-pack-no-local-contacts = no local contacts are configured for { $region }: add them to { $setting } before sending its pack
refused-pack-no-contacts = the partner has no contacts to send the pack to: add or import them first
refused-pack-name-region = the partner serves { $count } regions: name the one the pack is for
refused-pack-rendered-meanwhile = another version of this pack was issued at the same moment: try again
refused-training-day = not a day (2026-11-30), or one still to come
refused-training-staff = between 1 and { $max } people
refused-training-quiz = the correct answers must be between 0 and the answers given, with at least one answer
refused-training-pack = not one of this partner's packs
refused-no-campaign = no campaign { $id }
refused-exists-list = a mailing list of that name exists already
refused-link-expired = this link has expired: ask for a new one
refused-exists-region = a region with this name exists already
refused-exists-layer = a population layer with this name exists already
refused-exists-audience = an audience with this name exists already
refused-exists-creative = a creative with this name exists already
refused-exists-survey = a survey with this key exists already
refused-exists-wave = this survey has a wave with this key already
refused-exists-group = this survey has a group with this key already
refused-conflict = that conflicts with data already stored
refused-partner-needs-organisation = a partner account belongs to one partner organisation
refused-no-partner = no such partner organisation
refused-only-partners-have-organisation = only partner accounts belong to a partner organisation
refused-disable-self = you cannot disable your own account
refused-name-length = a name of 1 to { $max } characters
refused-reason-length = a reason of at most { $max } characters
refused-day-order = a day on or after the first day
refused-one-of = one of { $choices }
refused-range = { $min } to { $max }
refused-positive-days = a positive number of days
refused-choice = “{ $value }”: choose one of { $choices }
refused-region-in-use-by = region { $id } is used by the audience “{ $audience }”; delete or change the audience first
refused-region-in-use = region { $id } is used by an audience; delete or change the audience first
refused-resolution = { $value }: use an H3 resolution from { $min } to { $max }
refused-no-district = choose at least one district
refused-unknown-district = unknown district “{ $name }”: known are { $known }
refused-no-hot-area = no area is hot at { $confidence }% confidence with enough stored incidents to share
refused-no-cell = pick at least one cell
refused-not-a-cell = cell { $item } of the list, “{ $value }”, is not an H3 cell
refused-no-locale = choose at least one locale
refused-unknown-locale = unknown locale “{ $code }”: Beacon has locale files for { $known }
refused-unknown-group = unknown group “{ $value }”: configured are { $known }
targets-empty-region = the region has no cells, so there is nothing to target
targets-mixed-resolutions = the region mixes H3 resolutions: its first cell is at resolution { $first } but cell { $cell } is at resolution { $other }; fill the region at a single resolution
targets-zero-population = nobody lives in the region (its population adds up to 0), so coverage cannot be measured
targets-bad-population = the population given for cell { $cell } is { $value }; it must be a number of 0 or more
refused-too-many = more than { $max } at once
refused-too-many-cells = { $cells } cells at resolution { $resolution }, over the limit of { $limit }
refused-two-regions = name at least two regions
refused-empty-region = the region is empty (nothing is left once exclusions are taken out)
refused-region-too-fine = the region holds { $cells } cells at resolution { $resolution }, over the limit of { $limit }; choose a coarser resolution
refused-share = a share from 0 to 1
refused-language-tag = “{ $tag }” is not a language tag (e.g. lt, pl, pt-BR)
refused-no-source = say where the figure comes from
refused-no-region = no region { $id }
refused-no-freeze-reason = say why it is frozen (e.g. the campaign it is scheduled for)
refused-not-utf8 = { $file }: not UTF-8 text
refused-not-a-region = “{ $value }” is not a region
refused-choose-file = choose a file
refused-not-json = { $file }: not JSON (line { $line }, column { $column })
refused-form = the form could not be read: send it again from the page
refused-upload-cut = the file did not arrive whole: send it again
refused-rollback = that version no longer passes the checks: { $findings }
refused-job-not-dead = job { $id } is { $status }: only a job in the dead letter can be retried
refused-landing-url = a traffic campaign needs the https:// address of the page it sends people to
refused-end-before-start = the end comes after the start
refused-end-passed = the end has passed already
refused-datetime = “{ $value }” is not a date and time: write 2027-03-01T09:00 (in the campaign's time zone) or 2027-03-01T09:00:00Z
refused-datetime-skipped = { $value } does not happen in { $zone }: the clocks go forward past it that day
refused-no-channel = choose at least one channel
refused-channel-twice = { $channel } is listed twice
refused-budget = { $value }: a budget is a positive whole number of the currency's smallest unit (pence, cents)
refused-currency = “{ $value }” is not an ISO 4217 currency code such as GBP or EUR
refused-schedule-no-run = “{ $cron }” has no run between the campaign's start and end
refused-campaign-state = a campaign that is { $state } cannot be { $action }
refused-campaign-unapproved = the creative is not approved in { $locales }, as it renders now: approve it first
email-plan-failed = the e-mail could not be planned, nothing was sent: { $detail }
email-relay-error = the e-mail relay cannot be used now, sending waits and tries again: { $detail }
refused-email-no-list = choose one to 50 mailing lists for the e-mail
refused-no-list = no mailing list { $id }
refused-no-snapshot = no audience snapshot { $id }: freeze the audience first
refused-no-creative = no creative { $id }
refused-campaign-reason = say why
refused-move-body = send no body, or a JSON object with a “reason”
refused-campaign-changed = what was approved has changed (the creative's texts or image): the campaign is a draft again; approve it again
finding-at = { $file }:{ $line }:{ $column }: { $problem }
refused-not-percentage = “{ $value }” is not a percentage
refused-choose-region = choose a region
refused-email-at = an e-mail address needs an @
refused-email = not an e-mail address such as name@example.org
refused-email-length = an e-mail address has no spaces and at most 254 characters
field-email = E-mail address
field-role = Role
field-partner_id = Partner organisation
field-name = Name
field-sector = Sector
field-id = Account
upload-unknown-locale = unknown locale “{ $code }”: Beacon has { $known }; an administrator adds a locale by creating locales/{ $code }/
upload-bad-file-name = “{ $name }” is not a locale file name: use lower-case letters, digits, - or _, ending in .ftl
upload-too-large = { $file }: { $size } bytes, over the limit of { $limit } bytes for one locale file
upload-rejected = the upload has { $errors } errors; nothing was saved
upload-no-such-version = { $file } has no version { $version }
upload-reference-never-stale = the reference locale is never stale
upload-zip-not-zip = not a zip file
upload-zip-escapes = { $name }: the path leaves the locale folder; a zip may hold only <file>.ftl or { $locale }/<file>.ftl
upload-zip-not-locale-file = { $name }: only .ftl files named with lower-case letters, digits, - and _ may be in the zip
upload-zip-too-large = { $name }: { $size } bytes when unpacked, over the limit of { $limit } bytes for one file
upload-zip-too-many = more than { $limit } files in the zip
upload-zip-duplicate = { $name } is in the zip twice
upload-zip-empty = the zip holds no .ftl files
upload-unreadable = { $path } cannot be read
upload-no-reference = { $dir }: no `en` folder: en is the reference every translation is compared with
upload-no-such-locale = no locale “{ $code }” in the folder
refused-creative-no-message = { $file } has no message “{ $id }”
refused-creative-no-attributes = “{ $id }” has no { $attributes }
refused-image-ref = an image path such as images/fields.jpg (letters, digits, - _ . /) or an https:// URL
refused-not-a-number = not a number
refused-not-a-boolean = not true or false
refused-query = not a query this page understands
refused-unknown-parameter = not a parameter of this address
impact-error-no-campaign = choose at least one campaign
impact-error-too-many = at most { $max } campaigns in one report
impact-page-title = Impact report
impact-intro = Choose the campaigns, the region to compare with and the report's language. The report counts no one under { $k } and names no one; the same data gives the same report, byte for byte.
impact-campaigns = Campaigns
impact-comparison = Comparison region
impact-comparison-default = the survey's first comparison region
impact-language = Report language
impact-weighted = Weight the survey's answers to the population's age and gender mix
impact-show = Show the report
impact-downloads = Download
impact-download-pdf = The report as PDF
impact-download-html = The report as one HTML page, to print
impact-download-json = The data as JSON
impact-download-zip = All the data: CSV files, JSON and a README, in a zip
impact-download-csv = The data behind each chart and table, as CSV:
impact-none = There is no campaign to report on yet.
impact-note-audiences-added = The { $count } campaigns were aimed at different audiences; their sizes are added, taking them not to share people.
refused-day = a day as YYYY-MM-DD
refused-audit-user = an account id or operator
refused-locale = not an available language
refused-choose-ftl = choose a .ftl file or a .zip of the language
refused-tick-translations = tick the translations that are still right
region-place = { $path }
region-ring = { $path }, ring { $ring } ({ $outer ->
        [yes] outer
       *[no] hole
    })
region-no-coordinates = no coordinates
region-no-area = a { $kind } has no area: use Polygon or MultiPolygon
region-not-rings = not a list of rings
region-crosses-itself = crosses itself: the edge from position { $i } to { $i_next } crosses the edge from position { $j } to { $j_next } near { $near }
region-not-positions = not a list of positions
region-not-lon-lat = position { $i }: not [longitude, latitude]
region-not-easting-northing = position { $i }: not [easting, northing]
region-not-numbers = position { $i }: not numbers
region-not-on-earth = position { $i }: { $xy } is not on Earth
region-not-on-earth-swapped = position { $i }: { $xy } is not on Earth (latitude first? GeoJSON positions are [longitude, latitude])
region-grid-looks-like-degrees = position { $i }: { $xy } looks like longitude/latitude, but the crs says British National Grid metres (EPSG:27700): drop the crs member or reproject
region-outside-britain = position { $i }: { $xy } is outside Great Britain, which British National Grid (EPSG:27700) covers
region-too-few-positions = { $count } positions: a ring needs at least 4 (the first repeated last)
region-not-closed = not closed: position 0 is { $first } but the last, position { $last_i }, is { $last }
region-cannot-reproject = cannot reproject from British National Grid
region-did-not-reproject = position { $i }: { $xy } did not reproject from British National Grid
region-round-the-earth = goes all the way round the Earth (it crosses the antimeridian, 180°, between positions { $i } and { $i_next } and does not cross back), as a ring around a pole does: split it into parts that do not (RFC 7946 §3.1.9)
region-polygon = polygon { $i }
region-cannot-fill = cannot be filled with H3 cells
region-in-file = { $file }: { $problem }
region-not-geojson = not GeoJSON
region-unsupported-crs = the coordinates are in { $crs }, which Beacon cannot read: reproject the file to WGS 84 longitude/latitude (RFC 7946 GeoJSON), e.g. `ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson`
region-geometry = { $place }: { $reason }
region-too-many-vertices = the region has { $count } positions, over the limit of { $limit } (audience.max_region_vertices); simplify it, e.g. `ogr2ogr -simplify 0.0001 out.geojson in.geojson`
region-too-slow = checking the region took longer than { $ms } ms (audience.region_check_ms); simplify it or split it into smaller regions
region-empty = the region is empty (no Polygon or MultiPolygon with an area)
refused-report-reviewed = report { $id } was { $status ->
        [accepted] accepted
        [rejected] rejected
       *[other] reviewed
    } already

## Analysis

nav-reports = Reports
    .help = Anonymous reports from the public, waiting to be accepted or rejected.
reports-title = Community reports
reports-intro = Anonymous reports from the public wait here. Accept a report to add it to the incidents (with a confidence of one half); reject it if it does not describe exploitation. Each report keeps only a day and an area of about 5 km².
reports-day = Day
reports-cell = Area (H3 cell)
reports-category = Concern
reports-signs = Signs noticed
reports-language = Language
reports-accept = Accept
reports-reject = Reject
reports-none = No reports are waiting.
nav-hotspots = Hotspots
    .help = Where incidents cluster: Gi* hot and cold spots per H3 cell, with filters and exports.
filter-any = Any
filter-apply = Apply
hotspots-title = Hotspots
hotspots-intro = Incidents counted per H3 cell, weighted by confidence (and by recency if you give a half-life), then Getis-Ord Gi* over each cell and its { $rings }-ring neighbours. Red cells hold more incidents than chance would put together; blue cells fewer. Significance is corrected for testing many cells at once (Benjamini-Hochberg).
hotspots-resolution = H3 resolution
hotspots-rings = Neighbour rings
hotspots-half-life = Half-life (days)
hotspots-from-year = From year
hotspots-to-year = To year
hotspots-type = Exploitation type
hotspots-nationality = Nationality (ISO code)
hotspots-source = Data source
hotspots-summary = { $cells } cells analysed, { $records } incidents: { $hot } hot spots and { $cold } cold spots at 90% confidence or more.
hotspots-map-title = Hotspots: Gi* z-scores per H3 cell
hotspots-map-description = Cells coloured by their Gi* z-score: red above zero (more incidents nearby than expected), blue below.
hotspots-legend = Gi* z-score
hotspots-caption = Cells holding incidents and their neighbours. District outlines: ONS (Open Government Licence v3). Country outlines: Natural Earth.
hotspots-exports = Download
hotspots-table = Hottest cells
hotspots-cell = Cell
hotspots-records = Incidents
hotspots-weighted = Weighted count
hotspots-class = Class
hotspots-z = Gi* z
hotspots-p = p
hotspots-q = q (FDR)
exploitation-forced-labour = Forced labour
exploitation-sexual = Sexual exploitation
exploitation-forced-marriage = Forced marriage
exploitation-slavery = Slavery
exploitation-organ-removal = Organ removal
exploitation-forced-criminality = Forced criminality
exploitation-begging = Forced begging
exploitation-multiple = Several kinds
exploitation-other = Other
exploitation-unknown = Unknown
nationality-unknown = Unknown
nationality-other = Other
data-source-case-management = Case management
data-source-hotline = Hotline
data-source-police = Police
data-source-ngo = NGO
data-source-community-report = Community report
data-source-synthetic = Synthetic (demo)
data-source-other = Other
class-hot-99 = Hot spot, 99% confidence
class-hot-95 = Hot spot, 95% confidence
class-hot-90 = Hot spot, 90% confidence
class-cold-99 = Cold spot, 99% confidence
class-cold-95 = Cold spot, 95% confidence
class-cold-90 = Cold spot, 90% confidence
class-none = Not significant
nav-emerging = Emerging
    .help = Where hotspots are new, growing, fading or recurring over time.
nav-routes = Routes
    .help = Source, transit and destination of cases, with the nationalities on each route.
emerging-title = Emerging hotspots
emerging-intro = A space-time cube of incidents: Gi* in every time step (with false-discovery-rate correction), a Mann-Kendall trend test on each cell's z-scores, and each cell classed by the pattern of its hot and cold steps, following ArcGIS Pro's Emerging Hot Spot Analysis. The map shows the last step's z-score.
emerging-step = Time step
emerging-step-month = Month
emerging-step-week = Week
emerging-summary = { $cells } cells over { $steps } steps, { $first } to { $last }. { $undated } incidents have dates too coarse for the step and are left out.
emerging-map-title = Emerging hotspots: Gi* z-score in the last step
emerging-map-description = Cells coloured by their Gi* z-score in the most recent time step: red above zero, blue below.
emerging-legend = Last step's Gi* z
emerging-patterns = Patterns found
emerging-pattern = Pattern
emerging-hot-steps = Hot steps
emerging-last-z = Last z
emerging-tau = Trend (tau)
emerging-definitions = What the patterns mean
pattern-new-hot = New hot spot
    .help = Hot in the final step only; never hot before.
pattern-consecutive-hot = Consecutive hot spot
    .help = A run of hot steps ending in the final step, never hot before the run, hot in under 90% of steps.
pattern-intensifying-hot = Intensifying hot spot
    .help = Hot in at least 90% of steps including the final one, with clustering rising significantly (Mann-Kendall).
pattern-persistent-hot = Persistent hot spot
    .help = Hot in at least 90% of steps with no significant trend.
pattern-diminishing-hot = Diminishing hot spot
    .help = Hot in at least 90% of steps including the final one, with clustering falling significantly.
pattern-sporadic-hot = Sporadic hot spot
    .help = Hot in the final step and in earlier steps that do not form one run, never cold.
pattern-oscillating-hot = Oscillating hot spot
    .help = Hot in the final step, and cold in some earlier step.
pattern-historical-hot = Historical hot spot
    .help = Hot in at least 90% of steps but not in the final one.
pattern-new-cold = New cold spot
pattern-consecutive-cold = Consecutive cold spot
pattern-intensifying-cold = Intensifying cold spot
pattern-persistent-cold = Persistent cold spot
pattern-diminishing-cold = Diminishing cold spot
pattern-sporadic-cold = Sporadic cold spot
pattern-oscillating-cold = Oscillating cold spot
pattern-historical-cold = Historical cold spot
pattern-no-pattern = No pattern
routes-title = Routes
routes-intro = Where victims came from, passed through and were exploited, with the nationalities and kinds of exploitation on each route. Country level uses the countries of each case; cell level uses cases that have both a source and a destination point.
routes-level = Level
routes-level-country = Countries
routes-level-cell = H3 cells
routes-summary = { $incidents } incidents; { $with_route } with both source and destination known; { $sources } source and { $destinations } destination countries; { $routes } routes.
routes-route = Route
routes-nationalities = Nationalities
routes-types = Exploitation types

## Audiences
nav-audiences = Audiences
    .help = Regions, their population and languages, the geo-targets each platform accepts, and audiences.
audiences-title = Audiences
audiences-intro = Turn hotspots into who, where and in which language: make a region, see its population and the languages spoken there, size the audience, and compile the geo-targets each ad platform accepts.
audiences-regions = Regions
audiences-name = Name
audiences-made-from = Made from
audiences-resolution = H3 resolution
audiences-cells = Cells
audiences-no-regions = No regions yet.
audiences-audiences = Audiences
audiences-locales = Locales
audiences-version = Frozen version
audiences-no-audiences = No audiences yet.
audiences-layers = Population layers
audiences-people = People
audiences-method = Method
audiences-layers-newest = Population figures come from the newest layer.
audiences-no-layers = No population layer yet: area stands in for people until one is imported.
audiences-new-region = New region
audiences-confidence = Confidence (%)
audiences-rings = grown by rings
audiences-cells-hint = Click cells on the map below, or paste H3 cells, one per line.
audiences-exclude = Exclusion zones (taken out)
audiences-make-region = Make the region
audiences-picker-caption = Click cells to pick them by hand; click again to drop one. Shading: census areas per cell.
audience-picker-title = Pick cells of the Fenland area
audiences-import-population = Import population
audiences-format = Format
audiences-format-grid = Gridded population (h3,population CSV, as Kontur publishes it)
audiences-format-geonames = Settlements (GeoNames CSV), spread over each settlement's area
audiences-country = Only this country (ISO code, optional)
audiences-file = File
audiences-import = Import
region-kind-districts = Districts
region-kind-geojson = GeoJSON file
region-kind-hotspots = Hotspots
region-kind-cells = Cells picked by hand
region-kind-union = Union of regions
region-kind-intersection = Intersection of regions
region-summary = { $cells } cells at resolution { $resolution } ({ $compacted } once compacted), { $area } km².
region-note-reprojected = positions reprojected from British National Grid (EPSG:27700) to WGS 84 longitude/latitude (Helmert transformation, good to a few metres)
region-note-antimeridian = { $place } crosses the antimeridian (180°) between positions { $from } and { $to }: split there into { $parts ->
        [one] { $parts } polygon
       *[other] { $parts } polygons
    }
region-note-hotspots = { $cells } areas hot at { $confidence }% confidence (Gi*, resolution { $resolution }), shared at resolution { $shared } where they hold enough incidents, grown by { $rings } rings
region-note-coarsened = { $cells } cells finer than resolution { $resolution } were replaced by their parents
region-note-excluded = exclusion zone "{ $zone }" took out { $cells } cells
# A note stored before notes were translatable, shown as it was written.
region-note-stored = { $note }
region-population = About { $people } people (population layer “{ $layer }”).
region-no-population = Population unknown: no population layer has been imported. Coverage and spill below use area instead.
region-targets = Geo-targets per platform
region-platform = Platform
region-circles = Circles
region-baseline = Naive circles
region-excluded = Excluded
region-coverage = Coverage
region-spill = Spill
region-goals = Goals
region-downloads = Downloads
region-goals-met = Coverage and spill goals met
region-goals-missed = Goals not met
platform-meta = Meta
platform-google = Google Ads
region-map-title = { $name }: people per cell and { $name }'s geo-targets
region-map-legend = People per cell
region-map-caption = The region's cells shaded by people, with the { $platform } circles drawn over them.
region-languages = Suggested languages
region-locale = Locale
region-residents = Residents speaking it
region-victims-region = Victims in the region
region-victims-routes = Victims on routes into the country
region-sources = Where the estimate comes from
region-no-translation = (no locale files yet)
region-shares = Community shares
region-shares-intro = The share of the region's residents who speak a language, with its source (for example the census' main-language table). These figures size the audience.
region-share-source = Source
region-shares-save = Save the shares
region-new-audience = New audience in this region
region-age-bands = Age bands
region-genders = Genders
gender-female = Women
gender-male = Men
region-groups-hint = Leave a group empty to include everyone.
region-make-audience = Make the audience
audience-region = Region
audience-population = { $people } people
audience-all = all
audience-sizes = Estimated size per locale
audience-speakers = Residents speaking it
audience-size = In the chosen groups
audience-basis = Basis
audience-inputs = Inputs
audience-snapshots = Frozen versions
audience-snapshots-intro = An audience is frozen when a campaign using it is scheduled, so that reports compare like with like.
audience-reason = Reason
audience-no-snapshots = Not frozen yet.
audience-freeze = Freeze a version now

## Evidence behind language suggestions and audience sizes ($share, $victims and other percentages are
## numbers; $country is an ISO 3166 code; $people and $residents are counts already formatted)
list-separator = ,{" "}
evidence-share = configured share { NUMBER($share, minimumFractionDigits: 1) }% of residents ({ $source }) ≈ { $people } people
evidence-share-unsized = configured share { NUMBER($share, minimumFractionDigits: 1) }% of residents ({ $source }); no population known to size it
evidence-cldr = CLDR 48: { NUMBER($share, minimumFractionDigits: 1) }% of { $country } speak it
evidence-cldr-residents = CLDR 48: { NUMBER($share, minimumFractionDigits: 1) }% of { $country } speak it ≈ { $residents } residents
evidence-victims-region = nationalities in the region's incidents (CLDR 48 shares) ≈ { NUMBER($victims, minimumFractionDigits: 1) } victims: { $from }
evidence-victims-routes = nationalities on routes into the country (CLDR 48 shares) ≈ { NUMBER($victims, minimumFractionDigits: 1) } victims: { $from }
evidence-nationality = { $count } × { $country } ({ $share }% speak it)
audience-input-population = Region population: { $people } (population layer “{ $layer }”: { $method }).
audience-input-population-no-layer = Region population: { $people }.
audience-input-population-unknown = Region population: unknown (no population layer covers it).
audience-input-groups = Age bands { $ages }: { NUMBER($age_share, minimumFractionDigits: 1) }% of residents; genders { $genders }: { NUMBER($gender_share, minimumFractionDigits: 1) }% ({ $source }).
audience-input-independent = Age and gender shares are applied independently of language, as if every community had the region's age and gender mix.
audience-input-locale = { $locale }: { $basis }
audience-basis-unknown = no estimate of residents who speak it: set a community share for this region

## Notes on geo-targets ($coverage, $spill, $goal and $points are percentages as numbers; $min and $max are km)
targets-summary = { $count ->
        [one] { $count } target circle reaches
       *[other] { $count } target circles reach
    } { NUMBER($coverage, minimumFractionDigits: 1) }% of the region's population, with spill of { NUMBER($spill, minimumFractionDigits: 1) }% of it outside the region; the naive answer (one circle per compacted cell) needs { $baseline } circles.
targets-summary-excluded = { $count ->
        [one] { $count } target circle
       *[other] { $count } target circles
    } (with { $excluded ->
        [one] { $excluded } excluded circle
       *[other] { $excluded } excluded circles
    }) reach { NUMBER($coverage, minimumFractionDigits: 1) }% of the region's population, with spill of { NUMBER($spill, minimumFractionDigits: 1) }% of it outside the region; the naive answer (one circle per compacted cell) needs { $baseline } circles.
targets-coverage-short = Coverage is { NUMBER($coverage, minimumFractionDigits: 1) }%, under the { $goal }% goal by { NUMBER($points, minimumFractionDigits: 1) } points: { $why }.
targets-spill-over = Spill is { NUMBER($spill, minimumFractionDigits: 1) }%, over the { $goal }% goal by { NUMBER($points, minimumFractionDigits: 1) } points: { $why }.
targets-why-limit-coverage = { $limit } circles (the limit) cannot cover more of this region without more spill
targets-why-radius-coverage = circles of { $min } km to { $max } km cannot reach more of this region's people without spilling past the { $goal }% spill goal
targets-why-limit-spill = { $limit } circles (the limit) cannot follow this region's outline more closely
targets-why-radius-spill = circles of at least { $min } km cannot follow this region's outline more closely
targets-no-population = No population layer: area stands in for people, so empty land and sea count as spill.

## Translations
nav-translations = Translations
    .help = The locale files: what is translated, stale or missing, with checks, uploads and versions.
translate-title = Translations
translate-intro = How far each language has come. A message is stale when its English changed after it was translated: check it, then update it or confirm it is still right.
translate-locale = Language
translate-done = Done
translate-translated = Translated
translate-stale = Stale
translate-missing = Missing
translate-words-to-do = Words to do
translate-percent = { $percent }%
translate-reference = The English reference
translate-reference-intro = Every translation is compared with the English files: { $messages } messages, { $words } words.
translate-messages = { $count ->
    [one] { $count } message
   *[other] { $count } messages
}
translate-edit-reference = Upload a new version of the English files
translate-locale-title = Translations: { $locale }
translate-summary = { $percent }% done: { $translated } of { $messages } messages translated, { $stale } stale, { $missing } missing, { $words } words to do.
translate-file = File
translate-words-missing = Words missing
translate-words-stale = Words stale
translate-obsolete = Obsolete
translate-messages-heading = Messages
translate-words = Words
translate-upload = Upload a file
translate-upload-help = A .ftl file, or a .zip of this language's .ftl files. It is checked first and saved only if it has no errors; every saved version can be rolled back.
translate-upload-file = File (.ftl or .zip)
translate-upload-target = Replaces
translate-upload-target-auto = The file of the same name
translate-upload-submit = Check and upload
translate-to-do = Messages to work on
translate-message = Message
translate-status = Status
translate-reference-text = English
translate-translation = Translation
translate-still-right = Still right
translate-status-missing = Missing
translate-status-stale = Stale: the English changed
translate-confirm = Confirm the ticked translations are still right
translate-nothing-to-do = Nothing to do: every message is translated and up to date.
translate-history = Versions
translate-version = Version
translate-when = When
translate-who = Who
translate-what = What changed
translate-current = in use
translate-rolled-back-to = Rolled back to version { $version }
translate-changes = { $added } added, { $changed } changed, { $removed } removed
translate-changed-ids = Changed
translate-rollback = Roll back to this version
translate-shipped = The file shipped with Beacon
translate-download = Download the file in use
translate-current-text = The file in use
translate-result-title = Upload checked
translate-saved = { $count ->
    [one] Saved: one file has a new version.
   *[other] Saved: { $count } files have a new version.
}
translate-unchanged = Nothing to save: the file is the same as the one in use.
translate-refused = The upload was refused and nothing was saved.
translate-not-saved = { $errors ->
    [one] Not saved: there is one error to fix first.
   *[other] Not saved: there are { $errors } errors to fix first.
}
translate-finding-counts = { $errors } errors, { $warnings } warnings
translate-severity-error = Error
translate-severity-warning = Warning
translate-column = column { $column }
translate-preview = Preview
translate-preview-help = Every message of this file as Beacon shows it now, with sample values in ‹ › for the variables. A marked text is shown in another language because this one has no translation yet.
translate-rendered = As shown

## Creatives
nav-creatives = Creatives
    .help = Ads in every language, previewed as each platform shows them, and their approval.
creatives-title = Creatives
creatives-intro = An ad is a message of campaign.ftl (headline, primary text, description and image description) with an image. Approve each language before a campaign uses it.
creatives-none = No creatives yet.
creative-name = Name
creative-message = Message in campaign.ftl
creative-message-help = Messages that have a headline, a primary text and a description.
creative-image = Image
creative-new = New creative
creative-create = Make the creative
creative-previews-help = Each language as each platform shows it, with lengths counted the platform's way. A marked text is shown in another language because this one has no translation yet.
creative-approved = Approved by { $by } on { $when }
creative-withdrawn = Approval withdrawn: the ad changed after it was approved on { $when }
creative-platform-meta = Meta (Facebook, Instagram)
creative-platform-google = Google Ads
creative-fallback-title = No translation yet: shown in { $from }
creative-stale = The English changed since this was translated
creative-length = { $field }: { $length }/{ $limit }
creative-field-headline = Headline
creative-field-primary-text = Primary text
creative-field-description = Description
creative-field-image-alt = Image description
creative-approve = Approve { $locale }
creative-edit = Edit
creative-edit-help = Saving a change withdraws every approval of this creative.
creative-save = Save changes
creative-problem-no-text = { $field }: no text in any locale
creative-problem-fallback = { $field }: { $locale } has no translation; the { $from } text is shown
creative-problem-over = { $field }: { $length } characters as { $platform } counts them, over its limit of { $limit }
creative-problem-stale = { $message }: the English text changed since this translation was made
creative-problem-pseudo = The pseudo-locale is for testing layouts and is never approved.
creative-not-approvable = { $locale } cannot be approved: { $problems }
problem-separator = ;{" "}

## Reading CSV files, and population layers (the file's name, line and column come first)
csv-row-too-long = a row is longer than { $kib } KiB, the most Beacon reads; nothing past it was read (is a quote left open?)
csv-cell-too-long = a cell is longer than { $kib } KiB, the most Beacon reads; nothing past it was read (is a quote left open?)
csv-not-utf8 = column { $column } is not UTF-8 text
csv-unequal-lengths = { $found } columns where the header has { $expected }
csv-unreadable = not readable as CSV
population-at-line = { $file }: line { $line }: { $problem }
population-at-field = { $file }: line { $line }, field { $field }: { $problem }
population-header-not-utf8 = the header is not UTF-8 text
population-no-grid-column = no “{ $name }” column (the header must name h3 and population)
population-no-settlement-column = no “{ $name }” column (the header must name name, latitude, longitude and population)
population-no-country-column = no “countrycode” column to choose a country by
population-not-a-cell = “{ $value }” is not an H3 cell
population-not-people = “{ $value }” is not a number of people (0 to { $max }; the world holds about 8.2 billion)
population-mixed-resolutions = cell { $cell } is at resolution { $resolution }, the file's first cell at { $first }: one resolution per file
population-cell-twice = cell { $cell } appears twice
population-no-rows = no rows
population-no-settlements-in = no settlements in country { $country }
population-not-a-number = “{ $value }” is not a number
population-negative = { $value } is negative
population-more-than-earth = { $value } is more people than live on Earth
population-not-on-earth = [{ $latitude }, { $longitude }] is not a position on Earth

## The job queue (administrators)
nav-jobs = Jobs
    .help = The job queue: what runs in the background, what failed, and the dead letter.
jobs-title = Job queue
jobs-intro = Work Beacon does in the background: launching campaigns, calls to ad platforms, fetching delivery figures, sends. A job that fails is tried again after a growing wait; after its last attempt it stays here, in the dead letter, until you retry it.
jobs-all = All
jobs-none = No jobs.
job-id = Job
job-kind = Kind
job-status = State
job-run-at = Due
job-attempts = Attempts
job-attempts-of = { $attempts } of { $max }
job-error = Last error
job-retry = Retry
job-status-queued = Queued
job-status-running = Running
job-status-done = Done
job-status-dead = Dead letter
job-kind-probe = Queue probe

## Schedules

# A cron expression that cannot be read. $expression is as given; $field is the part at fault: count ($count
# fields, a wrong number), second, minute, hour, day, month, weekday (the five-field form), weekday-from-sunday
# (the six- and seven-field forms) or year, with $value the part as given; or expression (no one part).
schedule-bad-cron = “{ $expression }” is not a schedule: { $field ->
        [count] a schedule has 5 fields (minute hour day month weekday), or 6 or 7 with seconds first and a year last, not { $count }
        [second] “{ $value }” cannot be read as seconds (0 to 59)
        [minute] “{ $value }” cannot be read as minutes (0 to 59)
        [hour] “{ $value }” cannot be read as hours (0 to 23)
        [day] “{ $value }” cannot be read as days of the month (1 to 31)
        [month] “{ $value }” cannot be read as months (1 to 12, or JAN to DEC)
        [weekday] “{ $value }” cannot be read as weekdays (0 to 7, where 0 and 7 are Sunday, or SUN to SAT)
        [weekday-from-sunday] “{ $value }” cannot be read as weekdays (1 to 7, where 1 is Sunday, or SUN to SAT)
        [year] “{ $value }” cannot be read as years (1970 to 2100)
       *[expression] write it as minute hour day month weekday, for example 30 9 * * MON-FRI
    }
# $suggestions is how many zone names $closest holds (comma-separated).
schedule-unknown-zone = “{ $zone }” is not an IANA time zone{ $suggestions ->
        [0] ; zone names look like Europe/London or America/New_York
       *[some] ; did you mean { $closest }?
    }
# $from is an instant in RFC 3339, $zone an IANA time zone.
schedule-no-future-run = “{ $expression }” has no run after { $from } in { $zone }: it names a day that never comes (such as 30 February) or only years that have passed
# A send window, the hours in which sends are allowed; $problem is empty or format.
schedule-bad-window = “{ $value }” is not a send window: { $problem ->
        [empty] it starts when it ends; leave it out to allow sends at any hour
       *[format] write it as start-end in the recipient's time zone, for example 08:00-21:00 (it may pass midnight, as 21:00-08:00)
    }

## Campaigns
nav-campaigns = Campaigns
    .help = Campaigns: what is shown to whom, where, when and for how much; their state and delivery.
campaigns-title = Campaigns
campaigns-intro = A campaign puts approved creatives in front of a frozen audience on the chosen channels, between its start and end, in the campaign's time zone. It is approved, then scheduled, and starts by itself on time.
campaigns-none = There are no campaigns yet.
campaign-new = New campaign
campaign-needs-snapshot = A campaign needs a frozen audience and a creative: freeze an audience and make a creative first.
campaign-name = Name
campaign-state = State
campaign-channels = Channels
campaign-channel = Channel
campaign-starts = Starts
campaign-ends = Ends
campaign-objective = Objective
campaign-objective-awareness = Awareness
campaign-objective-reach = Reach
campaign-objective-traffic = Traffic to a page
campaign-landing-url = Page to send people to (traffic only)
campaign-snapshot = Frozen audience
campaign-snapshot-option = { $audience }, version { $version }
campaign-creative = Creative
campaign-locales = Locales
campaign-locales-help = Separated by commas; available: { $locales }.
campaign-time-zone = Time zone (IANA)
campaign-budget = Budget
campaign-budget-minor = Budget in the currency's smallest unit (pence, cents)
campaign-budget-of = { $amount } { $currency } ({ $kind ->
        [daily] a day
       *[lifetime] in all
    })
campaign-currency = Currency (ISO 4217)
campaign-budget-kind = Budget per
campaign-budget-lifetime = Whole campaign
campaign-budget-daily = Day
campaign-send-window = Send window (local time)
campaign-cron = Repeated sends (cron, optional)
campaign-cron-help = Minute hour day month weekday, in the campaign's time zone: 0 18 * * FRI is every Friday at 18:00. A time the clocks skip runs when they jump; one they repeat runs once.
campaign-create = Create the campaign
campaign-unapproved = Not approved as it renders now in: { $locales }. Approve the creative in these locales first.
campaign-cancel-reason = Why cancel
campaign-do-approve = Approve
campaign-do-schedule = Schedule
campaign-do-launch = Launch now
campaign-do-pause = Pause
campaign-do-resume = Resume
campaign-do-cancel = Cancel the campaign
campaign-progress = On the platform
campaign-schedules = Schedules
campaign-next-runs = next runs
campaign-calendar = Download the planned flights and sends (iCalendar)
campaign-objects = Objects on the platforms
campaign-object-step = Step
campaign-object-id = Platform id
campaign-actor-worker = Beacon, on time
campaign-actor-demo = the demo
campaign-actor-command-line = the command line
campaign-export-files = Files to upload by hand
campaign-reason-edited = edited after approval
campaign-reason-changed = what was approved has changed (the creative's texts or image)
campaign-history = History
campaign-no-history = No changes of state yet.
campaign-state-draft = draft
campaign-state-approved = approved
campaign-state-scheduled = scheduled
campaign-state-running = running
campaign-state-paused = paused
campaign-state-completed = completed
campaign-state-cancelled = cancelled
campaign-refused-approve = approved
campaign-refused-schedule = scheduled
campaign-refused-launch = launched
campaign-refused-pause = paused
campaign-refused-resume = resumed
campaign-refused-complete = completed
campaign-refused-cancel = cancelled
campaign-refused-back_to_draft = sent back to draft
campaign-refused-edit = edited
channel-meta = Meta (Facebook, Instagram)
channel-google = Google Ads
channel-export = Files to upload by hand
channel-sandbox = Sandbox (rehearsal)
channel-progress-pending = not started
channel-progress-created = created, paused
channel-progress-active = delivering
channel-progress-paused = paused
channel-progress-ended = ended
channel-progress-failed = failed
job-kind-campaign_launch = Campaign start
job-kind-campaign_complete = Campaign end
job-kind-campaign_deliver = Campaign on a platform
job-kind-campaign_insights = Campaign delivery figures
channel-error-text = { $detail }
campaign-delivery = Delivery
campaign-delivery-none = No delivery figures yet: they are fetched from the platform once the campaign is live.
campaign-delivery-note = Reach counts the people reached on each day; days do not add up, because one person reached on two days is still one person.
campaign-delivery-fetched = Figures from { $channel }, fetched { $at }.
campaign-day = Day
campaign-reach = Reach
campaign-impressions = Impressions
campaign-clicks = Clicks
campaign-spend = Spend
campaign-delivery-total = All days
campaign-peak-reach = highest on one day: { $reach }
audit-action-campaign-create = Campaign created
audit-action-campaign-edit = Campaign edited
audit-action-campaign-move = Campaign state changed
audit-subject-campaign-create = Campaign { $campaign }
audit-subject-campaign-edit = Campaign { $campaign }
audit-subject-campaign-move = Campaign { $campaign }
audit-detail-campaign-create = { $name }
audit-detail-campaign-move = { $from } → { $to } { $reason }
audit-action-campaign-budget = Campaign budget changed
audit-subject-campaign-budget = Campaign { $campaign }
audit-detail-campaign-budget = { $channel }: { $from } → { $to } { $reason }
audit-action-list-create = Mailing list made
audit-action-subscribers-import = Subscribers imported
audit-action-subscribers-export = Subscribers downloaded
audit-action-subscriber-erase = Subscriber erased
audit-subject-list-create = List { $list }
audit-subject-subscribers-import = List { $list }
audit-subject-subscribers-export = List { $list }
audit-subject-subscriber-erase = A subscriber
audit-detail-list-create = { $name }
audit-detail-subscribers-import = { $file }: { $added } added, { $already } already on the list, { $suppressed } suppressed
audit-detail-subscribers-export = { $count } subscribers
audit-detail-subscriber-erase = { $entries } list entries, { $by }
audit-action-partner-regions = Partner's regions set
audit-action-contacts-add = Partner contacts added
audit-action-contacts-export = Partner contacts downloaded
audit-action-contact-remove = Partner contact removed
audit-action-pack-render = Pack issued
audit-subject-partner-regions = Partner { $partner }
audit-subject-contacts-add = Partner { $partner }
audit-subject-contacts-export = Partner { $partner }
audit-subject-contact-remove = Partner { $partner }
audit-subject-pack-render = Pack { $pack } of partner { $partner }
audit-detail-partner-regions = { $regions } regions
audit-detail-contacts-add = { $file }: { $added } added, { $already } already there
audit-detail-contacts-export = { $count } contacts
audit-detail-contact-remove = one contact and everything about them
audit-detail-pack-render = version { $version } in { $locale }
audit-action-pack-send = Pack sent
audit-subject-pack-send = Partner { $partner }
audit-detail-pack-send = to { $contacts } contacts in region { $region }
audit-action-event-record = Event recorded
audit-subject-event-record = Campaign { $campaign }
audit-detail-event-record = { $people } people reached (event { $event })
audit-action-training-report = Training reported
audit-subject-training-report = Partner { $partner }
audit-detail-training-report = { $staff } staff trained
audit-action-survey-create = Survey created
audit-subject-survey-create = Survey { $survey }
audit-detail-survey-create = key { $key }
audit-action-survey-edit = Survey edited
audit-subject-survey-edit = Survey { $survey }
audit-detail-survey-edit = version { $version }
audit-action-survey-wave = Survey wave added
audit-subject-survey-wave = Survey { $survey }
audit-detail-survey-wave = wave { $key }
audit-action-survey-group = Survey group added
audit-subject-survey-group = Survey { $survey }
audit-detail-survey-group = group { $key }
audit-action-survey-import = Survey answers imported
audit-subject-survey-import = Survey { $survey }
audit-detail-survey-import = { $rows } responses, { $flagged } flagged for review (import { $import })
audit-action-survey-settle = Flagged response settled
audit-subject-survey-settle = Survey { $survey }
audit-detail-survey-settle = response { $response }, kept: { $kept }
audit-erased-by-subscriber = at their own request
audit-erased-by-staff = by staff
campaign-refused-budget = given a new budget
campaign-budget-change = Change the budget
campaign-budget-new = New budget (smallest unit of { $currency })
campaign-budget-reason = Why
campaign-budget-save = Change

## Ad platforms

# $seconds is how long the platform asks Beacon to wait (0: it did not say).
channel-rate-limited = The ad platform asks Beacon to slow down{ $seconds ->
        [0] ; Beacon will try again later
       *[some] ; Beacon will try again in { $seconds } seconds
    }
# $detail is the platform's own text, in English.
channel-transient = The ad platform could not be reached or failed for now; Beacon will try again ({ $detail })
channel-auth = The ad platform no longer accepts Beacon's access: an administrator must renew it ({ $detail })
# $message is the platform's own words; $field the setting at fault, or empty.
channel-refused = The ad platform refused the campaign: { $message }{ $field ->
        [none] {""}
       *[named] {" "}({ $field })
    }
# $count failed operations; $details lists them.
channel-partial-failure = { $count ->
        [one] One part of the campaign was refused
       *[other] { $count } parts of the campaign were refused
    }: { $details }

## Subscribers and their consent ($file, $line and $column name where a problem is in an imported file)

subscriber-bad-address = “{ $value }” is not an e-mail address
subscriber-import-at-line = { $file }: line { $line }: { $problem }
subscriber-import-at-column = { $file }: line { $line }, column { $column }: { $problem }
subscriber-import-empty = the file is empty: it needs a header line and one person a line
subscriber-import-not-utf8 = the header is not UTF-8 text: save the file as CSV UTF-8
subscriber-import-column-twice = this column comes twice
subscriber-import-unknown-column = not a column Beacon reads (it reads { $columns })
subscriber-import-no-column = this column is missing: every row needs it
subscriber-import-lat-lon-together = latitude and longitude come together, or neither
subscriber-import-duplicate = this address is already on line { $first } of the file
subscriber-import-locale = “{ $value }” is not a language Beacon has ({ $locales })
subscriber-import-zone = “{ $value }” is not an IANA time zone, such as Europe/London
subscriber-import-source = “{ $value }” is not a way of consenting ({ $choices })
subscriber-import-consent-at = “{ $value }” is not a date (2026-03-01) or an instant (2026-03-01T10:00:00Z)
subscriber-import-consent-future = “{ $value }” is in the future: consent is recorded when it was given
subscriber-import-too-long = longer than { $max } characters
subscriber-import-cell = “{ $value }” is not an H3 cell at resolution 7 or finer
subscriber-import-point = “{ $value }” is not a latitude and longitude on Earth
subscriber-import-no-rows = the file has a header but nobody in it
nav-lists = Mailing lists
    .help = Mailing lists: the people who asked to hear from a campaign, with their consent; import, search, download, erase.
lists-title = Mailing lists
lists-intro = The people who asked to hear from a campaign or an organisation: each with their language, time zone and coarse area, and when, how and to which words they consented.
lists-none = No mailing lists yet.
list-name = Name
list-confirmed = Confirmed
list-pending = Waiting for confirmation
list-unsubscribed = Unsubscribed
list-new = New list
list-create = Make the list
list-counts = { $confirmed } confirmed, { $pending } waiting for confirmation, { $unsubscribed } unsubscribed
list-imported = Imported: { $added } added, { $already } already on the list, { $suppressed } left out because they unsubscribed, bounced, complained or were erased.
list-import-refused = Nothing was imported: the file has { $count ->
        [one] { $count } problem
       *[other] { $count } problems
    }.
list-import = Import subscribers
list-import-help = A CSV file with the columns email, locale, time_zone, consent_source (form, import or partner) and consent_at, and optionally consent_version, and cell (H3) or latitude and longitude (kept only as a coarse area). All or nothing: every bad row is named.
list-import-file = CSV file
list-import-do = Import
list-export = Download the list (CSV)
list-subscribers = Subscribers
list-search = Address contains
list-search-do = Search
list-no-subscribers = Nobody on this list matches.
subscriber-email = Address
subscriber-locale = Language
subscriber-zone = Time zone
subscriber-status = Status
subscriber-consent = Consent
subscriber-status-pending = waiting for confirmation
subscriber-status-confirmed = confirmed
subscriber-status-unsubscribed = unsubscribed
subscriber-consent-by = { $source }, { $at }
subscriber-source-form = sign-up form
subscriber-source-import = imported
subscriber-source-partner = through a partner
subscriber-erase = Erase
subscription-title = Your subscription
subscription-intro = This is everything Beacon holds about { $email }.
subscription-download = Download it (JSON)
subscription-unsubscribe = Unsubscribe from everything
subscription-erase-confirm = I understand that erasing cannot be undone.
subscription-erase = Erase everything about me
subscription-link-expired = This link has expired. Nothing was changed. The link in a newer e-mail from us works.
subscription-link-invalid = This link is not one we made, or it was cut short. Nothing was changed.
subscription-unsubscribed = You are unsubscribed. You will get no more e-mails from us.
subscription-erased = Everything we held about you is erased. We keep only a scrambled form of your address, so that no list can add you again without your say-so.
job-kind-subscriber_confirm = Sign-up confirmation e-mail
job-kind-campaign_email = Campaign e-mail
job-kind-pack_send = Pack e-mail
refused-signup-consent = tick the box to agree to receive our e-mails
signup-title = Hear from us by e-mail
signup-intro = Sign up for “{ $list }”: a few e-mails about rights at work and where to find help, in your language.
signup-email = Your e-mail address
signup-zone = Your time zone (so that we write at a sensible hour)
signup-place = Where you live, roughly (optional)
signup-place-none = I would rather not say
signup-consent = I agree to receive e-mails from this campaign. I can unsubscribe with one click from any of them, and ask for everything held about me to be shown or erased.
signup-do = Sign up
signup-privacy = We keep your address, your language, your time zone and, if you choose a town, only a rough area around it. We never share them.
signup-sent = Thank you. If this address can sign up for “{ $list }”, an e-mail is on its way with a link to confirm. Nothing is sent until you confirm.
signup-too-many = Too many sign-ups from this connection in the last hour. Please try again later.
signup-confirmed = Thank you: your subscription is confirmed.

## A campaign's e-mail

campaign-email = E-mail
campaign-email-list = E-mail to a mailing list (optional)
campaign-email-none = No e-mail
campaign-email-window = E-mail send window
campaign-email-window-help = Hours the e-mail may arrive, in each recipient's own time zone, e.g. 08:00-21:00. Leave empty for any hour.
campaign-email-to = Sent to:
campaign-email-window-is = between { $window } in each recipient's time zone
campaign-email-progress-pending = The e-mail is planned when the campaign starts: the lists' confirmed subscribers in the campaign's region, each in their own language.
campaign-email-progress-sending = Sending.
campaign-email-progress-paused = Paused with the campaign.
campaign-email-progress-finished = Finished: every message was sent, failed or suppressed.
campaign-email-progress-stopped = Stopped: the campaign ended before every message was sent.
campaign-email-total = All
campaign-email-rate = Sent in the last minute: { $minute }; in the last hour: { $hour }.
campaign-email-next = Next message due { $at }.
campaign-email-failures = Why messages failed
email-status-queued = Queued
email-status-sending = Sending
email-status-sent = Sent
email-status-failed = Failed
email-status-suppressed = Suppressed

## Partner pages: regions, contacts, packs, sending, training
field-campaign_id = Campaign
field-held_on = Day held
field-locale = Language
field-pack_id = Pack
field-quiz_after = Quiz after
field-quiz_before = Quiz before
field-region_id = Region
field-region_ids = Regions
field-contacts = Contacts
field-staff_trained = Staff trained
partners-toolkits = Red-flag toolkits by sector
partners-trainings = Training totals
pack-preview-show = Show
pack-preview-title = Pack preview: { $name }
partner-regions = Regions served
partner-regions-none = none yet
partner-regions-choose = The regions this partner serves
partner-regions-save = Save regions
partner-regions-no-regions = There are no regions yet: make one on the audiences page first.
partner-contacts = Contacts
partner-contacts-none = No contacts yet.
partner-contact-add = Add a contact
partner-contact-add-do = Add contact
partner-contact-remove = Remove with everything about them
partner-contacts-export = Download the contacts (CSV)
partner-contacts-import = Import contacts
partner-contacts-import-help = A CSV file with the columns name, email, role and locale. Nothing is added unless every row is right.
partner-contacts-import-refused = { $count ->
    [one] The file was not imported: one row needs fixing.
   *[other] The file was not imported: { $count } rows need fixing.
}
partner-packs = Packs
partner-packs-none = No pack issued yet.
partner-pack-version = Version
partner-pack-issued = Issued
partner-pack-downloads = Downloads
partner-pack-files = Files
partner-pack-preview = Preview in
partner-pack-issue = Issue a pack
partner-pack-issue-do = Issue pack
partner-send = Send the pack to the contacts
partner-send-help = Each contact receives an e-mail in their language with a link to the pack's PDF, valid for { $hours } hours.
partner-send-do = { $count ->
    [one] Send to one contact
   *[other] Send to { $count } contacts
}
partner-send-status = State
partner-send-status-queued = Queued
partner-send-status-sending = Sending
partner-send-status-sent = Sent
partner-send-status-failed = Failed
partner-send-expires = Link valid until
partner-sends-none = No pack sent yet.
partner-trainings = Training sessions
partner-trainings-none = No training session reported yet.
partner-training-pack = version { $version }, { $region }
partner-training-quiz = { $correct } of { $answers } correct
partner-training-report = Report a training session
partner-training-report-do = Report session
partner-training-no-campaign = No campaign
partner-training-quiz-help = Quiz before and after (optional): correct answers out of answers given
partner-training-before-correct = Correct answers before
partner-training-before-answers = Answers given before
partner-training-after-correct = Correct answers after
partner-training-after-answers = Answers given after
toolkits-title = Red-flag toolkits
toolkits-help = What each sector's pack says, in each language. Sections not yet translated fall back along the language chain, and the pack says so.
trainings-title = Training totals
trainings-summary = { $sessions } sessions reported, { $staff } staff trained.
trainings-quiz = In the { $sessions } sessions with a quiz before and after, correct answers went from { $before }% to { $after }%: a change of { $change } points (95% interval { $low } to { $high }).
trainings-no-quiz = No session reported a quiz both before and after.
trainings-by_partner = By partner
trainings-by_sector = By sector
trainings-by_region = By region
trainings-by_campaign = By campaign
trainings-group = Group
trainings-sessions = Sessions
trainings-none = None yet.
partner-pack-pdf = PDF
partner-pack-html = HTML

## Reach across channels
reach-basis-platform-peak = the most people the platform reached on one day (its daily figures cannot be added up: the same person counts on each day)
reach-basis-platform-lifetime = the people the platform reached over the campaign so far, each counted once however many days they saw the ads (the platform's own figure)
reach-basis-email-delivered = e-mails delivered: sent, less the addresses that bounced for good afterwards (not necessarily opened)
reach-basis-events = people counted at events held off line
reach-note-platform-peak = Ad platforms report reach per day; Beacon keeps the highest day as each platform's reach, which is less than or equal to the people it reached over the whole campaign.
reach-note-platform-lifetime = Some ad platforms count the people they reached over the whole campaign so far, each person once however many days they were reached; Beacon takes that figure as the platform's reach.
reach-note-email = E-mail reach counts messages delivered: { $sent } sent, less { $bounced } whose address the relay later reported as bouncing for good; { $failed } failed and are not counted. Soft bounces and opens are not tracked.
reach-note-events = Events count people as their organisers counted them; how is given with each event.
reach-note-sainsbury = Unique people reached across channels assume that the channels overlap at random within the audience (the Sainsbury formula), and never exceed the audience.
reach-note-capped = { $count ->
    [one] One channel reported more people than the audience holds: it was taken as the whole audience.
   *[other] { $count } channels reported more people than the audience holds: each was taken as the whole audience.
}
reach-note-no-audience = The campaign's audience has no population estimate, so people reached across channels cannot be estimated: only the plain sum is given.
field-place = Place
field-people_reached = People reached
field-counted_how = How they were counted
campaign-reach-heading = Reach across channels
campaign-reach-channel = Channel
campaign-reach-people = People reached
campaign-reach-basis = How they were counted
campaign-reach-sum = All channels added up
campaign-reach-unique = Unique people, estimated
campaign-reach-audience = within an audience of { $audience }
campaign-reach-none = No channel has reported any reach yet.
campaign-reach-staff = Partners' staff trained for this campaign: { $staff }.
campaign-events = Events held off line
campaign-events-none = No event recorded yet.
campaign-event-add = Record the event
channel-email = E-mail
channel-events = Events
channel-pack = Partners' packs
channel-qr = QR code
channel-event = At an event
channel-direct = A direct link
channel-other = Other
campaign-reach-email = E-mail: { $sent } sent, { $delivered } delivered; since then { $bounced } bounced for good, { $complained } complained and { $unsubscribed } unsubscribed.

## Surveys (staff pages)

field-key = Key
field-definition = Questions (JSON)
field-phase = Wave
field-opens_on = Opens on
field-closes_on = Closes on
field-channel = Channel
field-day = Day
surveys-title = Surveys
surveys-intro = Surveys measure what a campaign changed: a baseline wave before it and a follow-up after, in the campaign's region and in a region it did not target.
surveys-none = No survey yet.
surveys-version = Version
surveys-responses = Responses
surveys-flagged = Flagged for review
surveys-new = New survey
surveys-definition-help = Each question's words are a message id of the locale files (survey.ftl), so every language has its own words. Editing a survey that has answers makes a new version; earlier answers keep theirs.
surveys-free-text = Allow free-text questions (their answers are kept apart and shown to analysts only)
surveys-create = Create survey
surveys-summary = Key { $key }, version { $version }: { $responses } responses, { $flagged } flagged for review.
surveys-questions = Questions
surveys-outcome = the outcome
surveys-waves = Waves
surveys-waves-none = No wave yet: add a baseline before the campaign and a follow-up after it.
surveys-phase-before = Baseline (before)
surveys-phase-after = Follow-up (after)
surveys-add-wave = Add wave
surveys-groups = Groups
surveys-groups-none = No group yet: add the campaign's region and a comparison region it did not target.
surveys-role-target = the campaign's region
surveys-role-comparison = comparison region
surveys-add-group = Add group
surveys-links = Links to the survey
surveys-links-help = Each link carries the wave, the group and the channel, nothing personal. For a channel Beacon does not send through itself, change ch= to the one that carries it: google, event, direct.
surveys-carried-campaign = The campaign's e-mails (ch=email), and its ads where it names no landing page (ch=meta, ch=sandbox, ch=export), link to this survey: wave { $wave }, group { $group }.
surveys-carried-campaign-none = No campaign e-mail or ad links to this survey. That needs a campaign, a follow-up wave open now or still to come, and a target group, with no newer survey for the same campaign.
surveys-carried-packs = Partners' packs for the target group's region link to this survey: wave { $wave }, group { $group } (ch=pack, and ch=qr in their QR code).
surveys-carried-packs-none = No partner's pack links to this survey. That needs a target group with a region, a follow-up wave open now or still to come, and no newer survey for the same region.
surveys-results = Results
surveys-outcome-is = The outcome: “{ $question }”
surveys-wave = Wave
surveys-group = Group
surveys-n = Answers
surveys-share = Share
surveys-interval = 95% interval
surveys-suppressed = fewer than { $k } answers: shown to analysts only
surveys-empty = no answers
surveys-changes = Change from baseline to follow-up
surveys-change = { $group }: { $change } points (95% interval { $low } to { $high }; p = { $p })
surveys-change-none = { $group }: no change computed
surveys-did = Difference-in-differences, { $target } against { $comparison }: { $did } points (95% interval { $low } to { $high }; p = { $p })
surveys-notes = Notes and assumptions
surveys-flagged-help = Near-duplicates: answers that nearly repeat another sent from the same address within minutes. They count in no result until kept.
surveys-answers = Answers
surveys-settle = Review
surveys-keep = Keep
surveys-remove = Remove
nav-forecast = Forecast
    .help = Where incidents are likely next period, and whether the forecast beat simple counts on your own data.
forecast-title = Forecast
forecast-intro = Where incidents are likely next period. Before the map, Beacon replays the last periods of your own data: it chooses a forecast on the periods before them, then checks whether it found more of the incidents that followed than three simple baselines did. Where it did not, the map shows the best baseline instead.
forecast-period = Period
forecast-held-out = Periods held out to judge on
forecast-area-percent = Share of the area flagged (%)
forecast-verdict-heading = How the forecast did on the last { $held_out } periods
forecast-summary = { $points } incidents; the study area is { $cells } cells (those with an incident before the held-out periods, and their neighbours), of which { $flagged } ({ $percent } %) are flagged.
forecast-chosen = The forecast is { $model }, chosen among { $candidates } candidates on the { $origins } periods up to { $until } (never on the held-out ones). Kernel density baseline: { $kde }.
forecast-verdict-better = Better than { $baseline }: PAI { $forecast_pai } against { $baseline_pai }, a mean difference of { $difference } (95% interval { $low } to { $high }) over { $periods } periods.
forecast-verdict-tie = No better than { $baseline }: a tie. PAI { $forecast_pai } against { $baseline_pai }, a mean difference of { $difference } (95% interval { $low } to { $high }, which includes 0) over { $periods } periods.
forecast-verdict-worse = Worse than { $baseline }: PAI { $forecast_pai } against { $baseline_pai }, a mean difference of { $difference } (95% interval { $low } to { $high }) over { $periods } periods.
forecast-verdict-too-few = Against { $baseline }: only { $periods } held-out periods have incidents, too few to compare (at least { $min } are needed).
forecast-shown-forecast = The forecast beat every baseline here, so the map shows the forecast for { $next }.
forecast-shown-baseline = The forecast did not beat every baseline here, so the map shows { $baseline }, the best of them on the held-out periods, for { $next }.
forecast-note-one-cell = Every incident before the held-out periods lies in one cell: every method flags it, so there is nothing to choose between.
forecast-note-empty = No incidents in the study area in { $periods }: no measure is defined for those periods, and they are left out of the averages.
forecast-note-coarse = { $n ->
    [one] One incident has a date too coarse for this period (a year only, say) and is left out.
   *[other] { $n } incidents have dates too coarse for this period (a year only, say) and are left out.
}
forecast-map-title = Where incidents are likely next period
forecast-map-description = H3 cells shaded by the expected number of incidents next period, darker for more.
forecast-legend = Expected incidents
forecast-caption = Cells scored by the method named above. District outlines: ONS (Open Government Licence v3). Country outlines: Natural Earth.
forecast-table = Each held-out period
forecast-col-period = Period
forecast-col-method = Method
forecast-col-hit-rate = Hit rate (%)
forecast-col-pai = PAI
forecast-col-pei = PEI
forecast-col-rri = RRI
forecast-average = Average
forecast-method-forecast = the forecast
forecast-method-last-period = last period's counts
forecast-method-all-time = all-time counts
forecast-method-kde = kernel density
forecast-model-last-period = last period's counts
forecast-model-all-time = all-time counts
forecast-model-kde = kernel density of all-time counts over { $rings ->
    [one] 1 ring
   *[other] { $rings } rings
}
forecast-model-blend = a blend of the recent rate (half-life { $half_life } periods, { $recent } %) and the long-term rate, spread over { $rings ->
    [0] no neighbours
    [one] 1 ring
   *[other] { $rings } rings
}
forecast-measures = What the measures mean
forecast-measure-pai = PAI (predictive accuracy index)
    .help = The share of the period's incidents in the flagged cells, over the share of the area flagged. 1 is no better than flagging cells at random.
forecast-measure-pei = PEI (predictive efficiency index)
    .help = The incidents in the flagged cells over the most any cells of the same number held that period: 1 is the best possible.
forecast-measure-rri = RRI (recapture rate index)
    .help = How the flagged cells' incidents changed from the period before, relative to the whole area's. Above 1, they gained a larger share. Left blank where the flagged cells had no incidents the period before.
forecast-measure-choice = How the forecast is chosen
    .help = Each candidate (the three baselines, and 75 blends of the recent and long-term rates, spread over 0 to 2 rings) forecasts each period before the held-out ones from the periods before it. The best baseline is the one with the highest mean PAI there; the best blend replaces it only if it beat it clearly (the 95% interval of their paired differences above 0). So the forecast is never worse than the baselines on those periods, and a blend only where it earned it.
forecast-measure-comparison = How the comparison is made
    .help = For each held-out period with incidents, the forecast's PAI minus the baseline's; the mean of these differences, with a 95% interval from 10,000 bootstrap resamples of the periods. An interval that includes 0 is a tie.
forecast-error-held-out = Hold out between { $min } and { $max } periods.
forecast-error-area-share = The share of the area flagged must be more than 0 % and at most 50 %.
forecast-error-no-points = No incidents with dates fine enough for this period match these filters.
forecast-error-too-short = Too little history to choose a forecast: after { $warm_up } periods of history, the periods from { $first } to { $until } give { $origins } with incidents to test on, and at least { $needed } are needed. Hold out fewer periods, use weeks, or widen the filters.
forecast-error-no-training = Nothing to learn from: the incidents start in { $first }, after { $until }, the last period before those held out. Hold out fewer periods.
forecast-error-other = The forecast could not be made: { $reason }
field-held_out = Periods held out
field-area_share = Share of the area flagged
field-area_percent = Share of the area flagged
field-filter = Filters
field-period = Period
forecast-margin-chosen = On those periods the best blend, { $blend }, beat the best baseline, { $baseline }, clearly: by { $difference } PAI on average (95% interval { $low } to { $high }). So the blend is the forecast.
forecast-margin-not = On those periods the best blend, { $blend }, did not clearly beat the best baseline, { $baseline }: { $difference } PAI on average (95% interval { $low } to { $high }, which includes 0). A blend chosen by chance would not carry over, so the baseline is the forecast.
