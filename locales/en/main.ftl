# English messages of codecheck. Keep the same ids in fr/ and nl/.

## Layout
skip-to-content = Skip to content
nav-label = Main navigation
nav-sites = Sites
nav-org = Organisation
logout = Log out
language-switch = Language
footer = codecheck · compliance with The Code, the travel industry's code of conduct against the sexual exploitation of children
back-home = Back to the home page
overview = Overview

## Roles
role-admin = Platform admin
role-company_admin = Company admin
role-site_manager = Site manager
role-auditor = Auditor

## Months (dates are written "23 November 2026")
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

## Login
login-title = Log in
login-intro = Log in with the e-mail address and password of your codecheck account.
login-button = Log in
field-email = E-mail address
field-password = Password

## Home and sites
home-title = Your sites
home-empty = No site yet. A company admin adds sites under Organisation, or ask your company admin for access.
col-site = Site
col-city = City
col-unit = Unit
col-latest = Latest assessment
no-assessment = Not started
assessments-title = Assessments
assessments-empty = No assessment yet for this site. Start one below.
assessment-of-year = Assessment { $year }
criteria-version = criteria version { $version }
start-title = Start an assessment
start-help = One assessment per site and reporting year. Last year's answers are copied for you to confirm.
field-year = Reporting year
start-button = Start

## Statuses
status-draft = Draft
status-submitted = Submitted
status-in_review = In review
status-changes_requested = Changes requested
status-approved = Approved

## The checklist
progress-label = Progress
items-answered = { $count ->
    [one] { $count } item answered
   *[other] { $count } items answered
}
criteria-compliant = criteria compliant
score = Score { $score } %
compliant = Compliant
not-compliant = Not compliant yet
to-confirm = To confirm
to-confirm-count = { $count } to confirm
to-confirm-total = { $count ->
    [one] One answer was copied from last year and waits for your confirmation.
   *[other] { $count } answers were copied from last year and wait for your confirmation.
}
mandatory = Mandatory
optional = Optional
evidence-document = Evidence: document
evidence-photo = Evidence: photo
evidence-training_records = Evidence: training records
evidence-none = No evidence needed
guidance = Guidance
answer-label = Answer to item
answer-yes = Yes
answer-partial = Partly
answer-no = No
answer-not_applicable = Not applicable
comment-label = Comment (optional)
confirm-label = I confirm this answer is still true this year
save = Save
save-next = Save and go to the next criterion
save-overview = Save and go to the overview
criteria-nav = Criteria
unsaved-warning = You have changes that are not saved yet.
form-has-errors = Nothing was saved: please correct the fields marked below.
read-only-note = This checklist is read-only for you.
frozen-note = This assessment has been submitted: its answers can no longer be changed.
notice-saved = Your answers are saved.
notice-submitted = The assessment is submitted for audit. Its answers are now frozen.
submit-title = Submit for audit
submit-ready = Every item is answered. Once submitted, the answers can no longer be changed.
submit-missing = Still to answer or confirm: { $items }
submit-help = Submitting freezes the answers: nobody can change them afterwards.
submit-button = Submit
submitted-on = submitted on { $date }

## Organisation
org-title = Organisation
org-empty = No company yet.
unit-empty = No site in this unit yet.
add-company = Add a company
add-unit = Add a unit (country or brand)
add-site = Add a site (hotel)
add-user = Add a user
add = Add
users-title = Users
field-name = Name
field-city = City
field-country = Country (two-letter code, e.g. BE)
field-role = Role
field-scope = Applies to
field-language = Language
scope-none = — nothing (platform admin) —
scope-help = A company or unit for a company admin, a site for a site manager, a company for an auditor.
language-auto = From the browser
password-help = At least 12 characters.

## Errors
error-title = Something went wrong
error-status = Error { $status }
error-unauthenticated = Please log in first.
error-login-failed = The e-mail address or the password is wrong.
error-forbidden = You are not allowed to do this.
error-not-found = This page or object does not exist, or you do not have access to it.
error-csrf = The form has expired or did not come from this site. Reload the page and try again.
error-form = The form could not be read. Reload the page and try again.
error-query = The address contains an invalid parameter: { $detail }
error-json-syntax = The request body is not valid JSON. The "detail" field of the answer says where.
error-json-data = The request body does not have the expected fields. The "detail" field of the answer says which.
error-json-content-type = Send the request body as JSON with the header Content-Type: application/json.
error-language = Unknown language: use en, fr or nl.
error-incomplete = The assessment cannot be submitted yet. Items still to answer or confirm: { $items }
error-internal = An unexpected error occurred. It has been logged; please try again.
error-unavailable = The service is temporarily unavailable. Please try again in a moment.
assessment-not-editable = This assessment has been submitted and can no longer be changed.
assessment-exists = This site already has an assessment for that year.
duplicate-name = This name is already used at this level.
duplicate-email = A user with this e-mail address already exists.
invalid-email = Enter a valid e-mail address.
password-too-short = The password must have at least 12 characters.
password-too-long = The password must have at most 256 characters.
name-required = Enter a name.
name-too-long = The name must have at most 200 characters.
name-control-chars = The name contains invalid characters.
city-required = Enter a city (at most 200 characters).
invalid-country = Enter a two-letter country code, such as BE or FR.
invalid-year = Enter a reporting year from { $first } to { $last }.
invalid-role = Choose a role: admin, company_admin, site_manager or auditor.
invalid-answer = Unknown answer "{ $value }": use yes, partial, no or not_applicable.
answer-na-not-allowed = Item { $item } cannot be answered "not applicable".
answer-needed-for-comment = Choose an answer to save this comment.
comment-too-long = The comment must have at most { $max } characters.
scope-required = Choose what this role applies to.
scope-not-allowed = A platform admin applies to everything: leave this empty.
scope-wrong-kind = This role cannot apply to the chosen node: a company or unit for a company admin, a site for a site manager, a company for an auditor.
autosave-saved = Saved at
autosave-failed = Not saved automatically: use the Save button to see what is wrong.
