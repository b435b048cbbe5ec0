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
home-sites-title = Sites
home-search = Find a site by name
home-search-button = Search
home-search-clear = Show all sites
home-no-match = No site’s name contains “{ $q }”.
home-first-page = First page
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
org-empty = No company yet. Add the first hotel group above; its units and hotels come next.
unit-empty = No site in this unit yet. Add its hotels with “Add a site” below.
add-company = Add a company
add-unit = Add a unit (country or brand)
add-site = Add a site (hotel)
add-user = Add a user
user-state = State
user-state-active = Active
user-state-deactivated = Deactivated
user-last-login = Last login:
user-never-logged-in = Never logged in
user-deactivate = Deactivate
user-reactivate = Reactivate
user-last-admin = This is the last active platform admin: make another admin first.
user-state-invalid = Choose active or deactivated.
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
password-help = At least 12 characters, and not easy to guess: a few unrelated words make a good one.

## Errors
error-title = Something went wrong
error-status = Error { $status }
error-unauthenticated = Please log in first.
error-login-failed = The e-mail address or the password is wrong.
error-forbidden = You are not allowed to do this.
error-not-found = This page or object does not exist, or you do not have access to it.
error-csrf = The form has expired or did not come from this site. Reload the page and try again.
error-form = The form could not be read. Reload the page and try again.
error-form-unknown-field = The form has a field “{ $field }” that this upload does not take.
error-query = The address contains an invalid parameter: { $detail }
error-json-syntax = The request body is not valid JSON. The "detail" field of the answer says where.
error-json-data = The request body does not have the expected fields. The "detail" field of the answer says which.
error-json-content-type = Send the request body as JSON with the header Content-Type: application/json.
error-language = Unknown language: use en, fr or nl.
error-incomplete = The assessment cannot be submitted yet. Items still to answer or confirm: { $items }
error-internal = An unexpected error occurred. It has been logged; please try again.
error-unavailable = The service is temporarily unavailable. Please try again in a moment.
error-busy = The server is busy checking passwords. Try again in { $seconds } seconds.
assessment-not-editable = This assessment has been submitted and can no longer be changed.
assessment-exists = This site already has an assessment for that year.
duplicate-name = This name is already used at this level.
duplicate-email = A user with this e-mail address already exists.
email-unusable = This address cannot be used for a new account. Use another one, or ask the platform administrator.
invalid-email = Enter a valid e-mail address.
password-too-short = The password must have at least 12 characters.
password-too-long = The password must have at most 256 characters.
name-required = Enter a name.
name-too-long = The name must have at most 200 characters.
name-control-chars = The name contains control characters (such as a line break or a NUL character): remove them.
name-bidi-chars = The name contains characters that change the direction of the text (bidi controls, such as U+202E): remove them.
name-invisible-chars = The name contains invisible characters (such as a zero-width space): remove them.
name-lookalike = Saved. Note: this name looks like “{ $value }”, which already exists at this level. Check that it is not the same one.
city-required = Enter a city (at most 200 characters).
invalid-country = Enter the ISO two-letter code of a country, such as BE, FR or NL.
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

## Staff training
training-title = Staff training
as-of = as of { $date }
coverage-title = Training coverage
coverage-overall = staff trained for every module their role requires
coverage-overdue-people = people overdue
coverage-expiring = trainings expiring within 60 days
coverage-by-role = Coverage by job role
coverage-by-module = Coverage by module
coverage-empty = Nobody on the roster has a role that requires training yet. Import the staff list below.
attention-title = Needs attention
col-role = Job role
col-trained = Trained and valid
col-required = Must be trained
col-module = Module
col-employee = Employee
col-name = Name
col-start = Start date
col-status = Status
col-line = Line
col-column = Column
col-problem = Problem
standing-expiring = valid until { $date }
standing-pending = to be trained by { $date }
standing-never = never trained (due { $date })
standing-expired = expired on { $date }
staff-title = Staff on the roster
staff-empty = No staff recorded yet. Import the staff list with their training from a CSV or Excel file: download the template above, fill it in, then check it before anything is saved.
staff-left = Left
staff-ok = Up to date
staff-overdue = Overdue
staff-truncated = Only the first { $count } are listed here; the API and exports give them all.
job-role-reception = Reception
job-role-housekeeping = Housekeeping
job-role-food_beverage = Food and beverage
job-role-security = Security
job-role-management = Management
job-role-maintenance = Maintenance
job-role-other = Other
delivery-elearning = E-learning
delivery-classroom = Classroom with ECPAT
delivery-other = Other
# What an import file may write in the delivery column (the labels above are accepted too).
import-value-delivery-elearning = e-learning
import-value-delivery-classroom = classroom
import-value-delivery-other = other

## Import
import-title = Import staff and training records
import-help = A CSV (comma or semicolon) or Excel (.xlsx) file with the columns of the template. You will see what changes before anything is saved.
import-template = Download the template
import-accepted = Accepted values. Job role: { $roles }. Delivery: { $deliveries }. Module: { $modules }. Dates as 2025-03-01 or 01/03/2025.
import-file = File
import-check = Check the file
import-preview-title = Import preview
# After the number of rows, shown big above it.
import-added = { $count ->
    [one] row adds something
   *[other] rows add something
}
import-updated = { $count ->
    [one] row changes something
   *[other] rows change something
}
import-unchanged = { $count ->
    [one] row changes nothing
   *[other] rows change nothing
}
import-errors = { $count ->
    [one] row with errors
   *[other] rows with errors
}
import-ready = The file is correct. Nothing is saved until you confirm.
import-confirm = Import now
cancel = Cancel
import-fix-and-retry = Correct the file and import it again
import-has-errors = { $count ->
    [one] One problem found: nothing was imported.
   *[other] { $count } problems found: nothing was imported.
}
import-no-file = Choose a file to import.
notice-imported = The file was imported.
template-file-name = training-template
import-empty = The file is empty.
import-not-text = This is not a CSV text file. Save the spreadsheet as CSV (UTF-8) or as .xlsx.
import-bad-xlsx = This Excel file cannot be read. Save it again as .xlsx, or as CSV.
import-several-sheets = The workbook has { $count } sheets. Keep only the sheet with the staff list.
import-too-many-rows = The file has more than { $max } rows. Split it into several files.
import-bad-csv = The file cannot be read as CSV near line { $line }. Check the quotes and separators.
import-header-missing = The first line must name the columns. Expected: { $columns } (or their French or Dutch names), separated by commas or semicolons.
import-ref-missing = The employee reference is missing.
import-ref-too-long = The employee reference must have at most { $max } characters.
import-name-too-long = The name must have at most { $max } characters.
import-role-unknown = Unknown job role "{ $value }": use reception, housekeeping, food_beverage, security, management, maintenance or other.
import-role-missing = { $employee } is not on the roster yet: give their job role.
import-start-missing = { $employee } is not on the roster yet: give their start date.
import-role-conflict = { $employee } already appears with another job role on line { $line }.
import-date-invalid = "{ $value }" is not a date: write YYYY-MM-DD or DD/MM/YYYY.
import-date-future = The date { $value } is in the future.
import-date-too-old = The date { $value } is too far in the past.
import-date-without-module-date = A module is given without the date it was completed.
import-module-missing = A completion date is given without the module.
import-module-unknown = Unknown module "{ $value }": see the list of training modules.
import-delivery-missing = Say how the training was given: { import-value-delivery-elearning }, { import-value-delivery-classroom } or { import-value-delivery-other }.
import-delivery-unknown = Unknown delivery "{ $value }": use { import-value-delivery-elearning }, { import-value-delivery-classroom } or { import-value-delivery-other }.
error-too-large = The file or request is too large: at most { $max } MB.
figures-text = From the training records: { $trained } of { $required } staff in { $roles } trained and valid ({ $percent } %). The figures propose: { $answer }.
figures-no-proposal = no answer (nobody in these roles)
figures-preselected = The proposed answer is selected: save to accept it, or choose another answer and explain why in the comment.
figures-override = Your answer differs from what the figures propose: the auditor sees both.
see-figures = See the figures

## Evidence
evidence-title = Evidence
evidence-upload-title = Add a document or photo
evidence-upload-help = PDF, PNG, JPEG, WebP, Word (.docx), Excel (.xlsx) or OpenDocument text (.odt), at most { $max } MB. Files are kept exactly as uploaded.
evidence-valid-until = Valid until / review by
evidence-replaces = New version of
evidence-new-document = — a new document —
evidence-items = Checklist items it proves
evidence-upload = Upload
evidence-list = Documents
evidence-empty = No evidence uploaded yet. Upload the signed policy, photos of the posters or the contract clause, and link each file to the checklist items it proves.
evidence-expired = Expired
evidence-uploaded = The file was uploaded.
evidence-attached = Evidence:
evidence-attach = Attach a document
col-file = File
col-items = Items
col-uploaded = Uploaded
evidence-file-missing = Choose a file to upload.
evidence-type-refused = This type of file is not accepted (its content is checked, not its name): use PDF, PNG, JPEG, WebP, DOCX, XLSX or ODT.
evidence-item-unknown = There is no checklist item { $item }.
evidence-replaces-unknown = The document to replace does not exist at this site.
col-actions = Actions
staff-manage = Manage
staff-left-on = Left on
staff-mark-left = Mark as left
staff-back = Back on the roster
staff-export = Export their data (JSON)
staff-erase = Erase this person
staff-no-address = This reference cannot be part of a web address, so this person cannot be exported or erased from this page.
erase-confirm = I confirm: erase this person and all their training records for good
erase-confirm-needed = Tick the confirmation box to erase a person.
notice-erased = The person and their training records were erased. The audit trail notes the erasure, without the data.

## Procedure for a suspected case
procedure-title = Procedure for a suspected case
procedure-none = No procedure recorded yet. The form below starts from the Belgian defaults: adapt it to your hotel and save it.
procedure-version = Version { $version }
procedure-reviewed-on = reviewed on { $date }
procedure-review-due = next review by { $date }
procedure-review-overdue = review overdue since { $date }
procedure-edit = Edit (saving makes a new version; earlier ones are kept)
procedure-steps = What staff do, step by step
procedure-steps-help = One step per line, in each language your staff read. The card shows the steps in its language, or in another one if that language has none.
procedure-internal = Who to alert inside the hotel
procedure-external = Numbers outside the hotel
procedure-role = Role
procedure-service = Service
procedure-number = Number or address
procedure-reviewed-field = Reviewed on
procedure-save = Save a new version
procedure-history = Versions
procedure-saved = The procedure was saved as a new version.
procedure-steps-missing = Write at least one step, in at least one language.
procedure-too-many-steps = At most { $max } steps per language: keep the card to one page.
procedure-text-too-long = Each text must have at most { $max } characters.
procedure-too-many-contacts = At most { $max } contacts.
procedure-contact-incomplete = Each contact needs a role or service and a number.
procedure-external-missing = Give at least one number outside the hotel, such as the police.
procedure-default-step-1 = Stay calm and do not confront the adult or alert them.
procedure-default-step-2 = Note what you saw: date, time, room, descriptions, vehicle plate. Do not take photos of the child.
procedure-default-step-3 = Tell the duty manager at once, or the focal point for child protection.
procedure-default-step-4 = If a child is in immediate danger, call the police on 101 (or 112).
procedure-default-step-5 = Otherwise report it to the police or on stopprostitutionenfantine.be, and record the report in the confidential log.
procedure-default-manager = Directeur·rice de l'hôtel / Hotelmanager
procedure-default-police = Police / Politie
procedure-default-emergency = Urgences / Noodnummer
procedure-default-child-focus = Child Focus
procedure-default-reporting-site = Je dis STOP (signalement en ligne / online melding)
card-title = If you suspect the sexual exploitation of a child
card-steps = What to do
card-internal = Who to alert in the hotel
card-external = Numbers to call
card-never-alone = You are never alone: tell your manager. Reporting a suspicion in good faith is always right.
procedure-none-short = none recorded yet
procedure-open = Open the procedure
error-status-unknown = Unknown status "{ $value }": use draft, submitted, in_review, changes_requested, approved or not_compliant.
auditor-unknown = There is no auditor with this id.
assessment-not-waiting = This submission is no longer waiting for review: another auditor may have taken it.
verdict-unknown = Unknown verdict "{ $value }": use accepted, rejected or needs_info.
assessment-not-in-review = This assessment is not submitted for review.
decision-not-possible = This decision is not possible in the current state of the assessment (someone may have decided first).
approve-rejected-items = Cannot approve: items still rejected: { $items }
reopen-reason-required = Give the reason for reopening.
severity-unknown = Unknown severity "{ $value }": use minor or major.
due-date-invalid = "{ $value }" is not a due date from today on (YYYY-MM-DD).
text-required = This text is required.
finding-already-closed = This finding is already closed.
approve-major-findings = Cannot approve: major findings still open: { $items }
error-sort-unknown = Unknown order "{ $value }": use oldest or newest.
nav-reviews = Reviews
reviews-title = Submissions to review
reviews-filters = Filters
reviews-min-wait = Waiting at least (days)
reviews-filter = Filter
reviews-empty = Nothing to review with these filters. Submissions of the companies you audit appear here as soon as a site submits.
reviews-waiting = Waiting
reviews-taken = (taken)
reviews-days = { $count ->
    [one] { $count } day
   *[other] { $count } days
}

## Notifications
nav-notifications = Notifications
unread-count = { $count ->
    [one] { $count } unread notification
   *[other] { $count } unread notifications
}
notifications-title = Notifications
notifications-empty = No notifications yet. You are told here when a submission, a decision or a finding concerns you.
notifications-read-all = Mark all as read
notifications-new = new
notifications-email-title = E-mail
notifications-email-legend = Also send me an e-mail when:
notifications-email-off = E-mail is not configured on this server: notifications appear here only. Your choices apply once it is.
notification-kind-unknown = Unknown notification kind "{ $value }": use submitted, changes_requested, approved, not_compliant, finding_due_soon or finding_overdue.
notification-kind-submitted = a site submits an assessment for review
notification-kind-changes_requested = an auditor asks for changes
notification-kind-approved = an assessment is approved
notification-kind-finding_due_soon = a finding is due within a week
notification-kind-finding_overdue = a finding is overdue
notification-submitted = { $site } submitted its { $year } assessment for review.
notification-changes_requested = An auditor asked { $site } for changes to its { $year } assessment.
notification-approved = The { $year } assessment of { $site } is approved.
notification-finding_due_soon = A finding on item { $item } ({ $site }, { $year }) is due on { $date }.
notification-finding_overdue = A finding on item { $item } ({ $site }, { $year }) is overdue since { $date }.
email-footer = You receive this e-mail from codecheck. Choose which e-mails you get: { $link }

## The review
review-title = Review
review-open = Open the review
review-round = Round { $round }
review-reviewer = reviewed by { $email }
history-csv = History (CSV)
review-take = Take this submission
review-take-help = Take it so your colleagues see you are reviewing it.
review-decision = Decision
review-decision-comment = Comment for the site (shown with your decision)
review-request-changes = Request changes
review-approve = Approve
review-approve-blocked = Approval is not possible yet:
review-reopen = Reopen
review-reopen-reason = Reason for reopening
review-no-decision = No decision can be taken in this state.
review-decisions = Decisions so far
decision-request_changes = Changes requested
decision-approve = Approved
decision-reopen = Reopened
review-answer = Answer:
review-no-answer = no answer
review-changed = Changed since the previous round
review-before = Before
review-now = Now
review-figures-frozen = figures as submitted
review-no-evidence = No evidence attached.
review-previous-verdict = Previous round's verdict:
review-verdict = Verdict on
review-verdict-comment = Comment the site will see
review-verdict-save = Save the verdict
review-auditor-verdict = Auditor's verdict:
verdict-accepted = Accepted
verdict-rejected = Rejected
verdict-needs_info = Needs information
review-done-taken = You took this submission.
review-done-verdict = Verdict saved.
review-done-finding = Finding raised.
review-done-request_changes = The assessment went back to the site with your requests.
review-done-approve = The assessment is approved.
review-done-reopen = The assessment is reopened and back in review.
returned-title = The auditor asked for changes.
returned-items = Items to look at: { $items }

## Findings
findings-title = Findings
findings-open-title = Open findings
findings-none-open = No open findings.
col-findings = Findings
findings-open-count = { $count ->
    [one] { $count } open
   *[other] { $count } open
}
findings-overdue-count = { $count ->
    [one] { $count } overdue
   *[other] { $count } overdue
}
finding-number = Finding #{ $id }
finding-severity = Severity
severity-minor = Minor
severity-major = Major
finding-action = Corrective action
finding-due-date = Due date
finding-due = due { $date }
finding-overdue = overdue since { $date }
finding-overdue-note = This finding is past its due date.
finding-closed = Closed
finding-item = Item
finding-raised = Raised by
finding-raise = Raise a finding
finding-responses = { $count ->
    [one] { $count } response
   *[other] { $count } responses
}
finding-responses-title = The site's responses
finding-no-response = No response yet.
finding-respond = Answer the finding
finding-response-comment = What was done
finding-response-evidence = Evidence (optional)
finding-response-no-evidence = No file
finding-evidence-unknown = This evidence file does not belong to the site.
finding-responded = Your answer is recorded.
finding-close = Close the finding
finding-close-comment = Closing comment (optional)
finding-closed-notice = The finding is closed.
col-company = Company
reviews-all = All

## Certificates
certificate-title = Certificate of compliance
certificate-kicker = The Code · Code of conduct for the protection of children from sexual exploitation in travel and tourism
certificate-statement = meets the criteria of The Code for the reporting year { $year }
certificate-scan = Scan to verify
certificate-serial = Serial number
certificate-validity = Valid
certificate-validity-range = from { $from } to { $until }
certificate-issued-by = Issued by
certificate-criteria-version = Criteria version
certificate-verify-at = Check this certificate at { $link }
verify-title = Certificate verification
verify-holder = Holder
verify-not-found = No certificate has this serial number. Check that it was typed exactly as printed.
verify-status-valid = Valid
verify-status-expired = Expired
verify-status-revoked = Revoked
verify-status-altered = Not authentic
verify-status-suspended = Suspended
verify-help-valid = This certificate was issued by { $issuer } and is in force.
verify-help-expired = This certificate was issued by { $issuer } but its validity has ended.
verify-help-revoked = This certificate was withdrawn and is no longer in force.
verify-help-altered = The record of this certificate does not match its signature. Do not rely on it.
verify-help-suspended = This certificate was issued by { $issuer } but is suspended: an auditor found a major shortcoming since it was approved. It is not in force until the shortcoming is resolved.
verify-criteria = The result of each criterion
verify-result = Audited result
verify-another = Check another certificate
verify-serial-help = As printed on the certificate, for example 7QK4-M2XD-9RTB-H3ZP-K. Spaces, dashes and small letters do not matter.
verify-submit = Check
verify-malformed = “{ $value }” is not a certificate serial number: a serial has 17 letters and digits, and its last one checks the others. Check for a mistyped or missing character.
certificate-suspended-note = Suspended: a major finding is open on this assessment. The certificate is not in force until the finding is closed.
certificate-reason-required = Give the reason.
certificate-already-revoked = This certificate is already revoked.
certificate-current = Certificate
certificate-download = Download the certificate (PDF)
certificate-verify-link = Public verification page

## Gap reports
report-title = Gap report
report-company-title = Company gap report
report-page = Page { $page } of { $pages }
report-generated = generated on { $date }
report-download = Download as PDF
report-criteria = The six criteria
report-criterion = Criterion
report-score = Score
report-gaps = What is missing and how to fix it
report-no-gaps = Nothing is missing: every item is answered, accepted and supported.
report-item = Item
report-requirement = Requirement
report-why = Why
report-how = How to fix it
report-training = Staff training
report-role = Job role
report-required = To train
report-trained = Trained
report-coverage = Coverage
report-overdue-staff = { $count ->
    [one] { $count } person is overdue for training.
   *[other] { $count } people are overdue for training.
}
report-sites-by-status = Sites by status
report-sites = Sites
report-common-gaps = The most common gaps
report-sites-behind = Sites, furthest behind first
report-compliant-criteria = Criteria met
report-gap-count = Gaps
report-coverage-by-country = Training coverage by country
report-all-units = all units
report-not-started = Not started
report-company-link = Gap report { $year } (PDF)
report-how-label = How to fix it:
report-failing-title = Criteria not met: the rule and why
report-not-started-count = { $count ->
    [one] 1 site has not started its assessment for the year: what it lacks is not known yet, and it is not counted as having no gaps.
   *[other] { $count } sites have not started their assessment for the year: what they lack is not known yet, and they are not counted as having no gaps.
}
report-no-gaps-assessed = Nothing is missing at the sites that have been assessed.
gap-reason-unanswered = not answered
gap-reason-answered_no = answered no
gap-reason-answered_partial = only partly in place
gap-reason-rejected = rejected by the auditor
gap-reason-needs_info = the auditor needs information
gap-reason-evidence_missing = no evidence attached
gap-reason-evidence_expired = evidence expired
certificate-year-required = Give the year, for example ?year=2026.
certificates-zip-link = All certificates { $year } (ZIP)

## Dashboard
dashboard-title = Dashboard
dashboard-link = Dashboard { $year }
dashboard-summary = Key figures
dashboard-failing = Failing criterion
dashboard-search = Site name
dashboard-sort = Order
dashboard-sort-name = by name
dashboard-sort-behind = furthest behind first
dashboard-export-csv = Export (CSV)
dashboard-overdue-findings = Overdue findings
dashboard-expiring = Certificates ending within 60 days
dashboard-chart-criteria = Share of sites compliant with each criterion
dashboard-chart-trend = Share of sites meeting all six criteria, by year
dashboard-trend-bar = { $year }
dashboard-by-unit = By unit
dashboard-by-country = By country
dashboard-criterion-short = C{ $number }
dashboard-sites-count = { $count ->
    [one] { $count } site
   *[other] { $count } sites
}
dashboard-pages = Pages
dashboard-previous = Previous
dashboard-next = Next
dashboard-page-of = Page { $page } of { $pages }
site-status-not_started = Not started
site-status-draft = Draft
site-status-submitted = Submitted
site-status-changes_requested = Changes requested
site-status-approved = Approved
site-status-certificate_valid = Certificate valid
site-status-certificate_expired = Certificate expired
export-separator = Unknown separator "{ $value }": use ; or ,.

## API tokens
# API description and lists
api-docs-title = API reference
api-docs-intro = Every route of the JSON API, generated from the code. The machine-readable document:
api-docs-version = version
api-docs-public = public
api-docs-params = Parameters
api-docs-required = required
api-docs-body = Body
error-limit = Give a limit from 1 to { $max }.
error-cursor = This cursor is not one of this list: start again from the first page.
error-method-not-allowed = This address does not accept this method.
error-timeout = The request took too long and was stopped.

tokens-title = API tokens
tokens-help = A token lets a program use the API with your rights. Give each one a name, keep it secret, and revoke it when it is no longer needed.
tokens-created = Your new token. Copy it now: it will not be shown again.
tokens-new = New token
tokens-name = Name
tokens-days = Valid for (days, at most 365; empty for 365)
tokens-create = Create the token
tokens-empty = No tokens yet. Create one to let a program (a spreadsheet, a BI tool, a script) read or write through the API with your rights.
tokens-prefix = Starts with
tokens-created-at = Created
tokens-last-used = Last used
tokens-expires = Ends
tokens-revoked = Revoked
tokens-revoke = Revoke
tokens-nav = API tokens
token-name-invalid = Give a name of 1 to { $max } characters.
token-name-taken = You already have a token with this name.
token-days-invalid = Give a number of days from 1 to { $max }, or leave it empty for { $max }.
token-by-token-forbidden = An API token cannot create tokens. Log in with your e-mail and password (on the API tokens page or with POST /api/v1/auth/login) to create one.

# Annual report
annual-list-title = Annual reports
annual-link = Annual reports
annual-report-of = Annual report { $year }
annual-col-year = Year
annual-col-lang = Language
annual-state-not-started = Not started
annual-state-draft = Draft, version { $version }
annual-state-published = Published on { $date }
annual-open = Open
annual-lang = Language of the report
annual-show = Show
annual-as-of = Figures as of { $date }
annual-draft-notice = Draft: the figures are computed from today's data and are frozen when the report is published.
annual-published-notice = Published on { $date }: the figures and texts are kept exactly as they were that day.
annual-figures = Key figures
annual-criteria = The six criteria across our sites
annual-chart = Share of sites compliant with each criterion
annual-col-compliant = Compliant sites
annual-col-share = Share
annual-criterion-sentence = { $sites ->
    [one] { $count ->
        [0] The site does not meet criterion { $number } yet.
       *[other] The site meets criterion { $number }.
    }
   *[other] { $count ->
        [0] None of the { $sites } sites meets criterion { $number } yet.
        [one] { $count } of { $sites } sites ({ $percent } %) meets criterion { $number }.
       *[other] { $count } of { $sites } sites ({ $percent } %) meet criterion { $number }.
    }
}
annual-no-sites = No site was in scope for this year.
annual-training = Staff training
annual-training-sentence = { $trained } of the { $required } staff members who must be trained are trained ({ $percent } %).
annual-training-none = No staff member had to be trained.
annual-certificates = Certificates and audits
annual-certificates-issued = Certificates issued in the year
annual-certificates-valid = Certificates valid on { $date }
annual-findings-raised = Findings raised in the year
annual-findings-closed = Findings closed in the year
annual-assessments-approved = Assessments approved in the year
annual-section-summary = Summary
annual-section-next_steps = Next steps
annual-what-we-did = What we did
annual-no-text = Nothing written yet.
annual-edit = Write the texts
annual-section-help = Up to { $max } characters per section.
annual-save = Save a new version
annual-saved = Saved as version { $version }.
annual-versions = Version history
annual-col-version = Version
annual-col-by = By
annual-col-at = Saved on
annual-no-versions = No version saved yet.
annual-publish-title = Publish
annual-publish-confirm = I confirm that the figures and texts will be frozen for good and can no longer be changed.
annual-publish = Publish the report
annual-published-done = The report is published.
annual-pdf = PDF
annual-section-unknown = Unknown section "{ $value }": use summary, c1 to c6 or next_steps.
annual-section-too-long = Write at most { $max } characters in this section.
annual-report-published = This report is published: its texts can no longer be changed.
annual-report-already-published = This report is already published and cannot be published again.
annual-report-stale = Someone saved version { $version } in the meantime. Your text is kept below: reload the page and apply your changes to the latest version.
annual-report-nothing-to-publish = Write and save the texts before publishing the report.
annual-lang-unknown = Unknown language "{ $value }": use fr, nl or en.
annual-base-version-invalid = The version you started from is missing or is not a number.
annual-publish-confirm-required = Tick the box to confirm the publication.
criteria-steps = The criteria of the checklist
submit-missing-count = { $count ->
    [one] { $count } item still to answer or confirm.
   *[other] { $count } items still to answer or confirm.
}
submit-missing-which = Which ones
review-judged = { $count }/{ $total } judged
review-rejected-count = { $count } rejected
review-accept-remaining = { $count ->
    [one] Accept the item not yet judged
   *[other] Accept the { $count } items not yet judged
}
review-done-accepted = The items not yet judged are accepted.
col-country = Country
staff-empty-read = No staff recorded yet.
error-too-many-attempts = Too many failed attempts. Try again in { $minutes ->
    [one] a minute
   *[other] { $minutes } minutes
}.
password-too-weak = This password is too easy to guess (a common password, a keyboard run, a date or words of the e-mail address). A few unrelated words make a good one.
password-unchanged = The new password must differ from the current one.
import-too-many-columns = The sheet uses columns beyond the { $max }th. Keep the template’s columns (and a few of your own at most), then import again.
import-unpacks = This Excel file unpacks to more than { $max } MB, far more than a staff list needs. Save it again from Excel (or as CSV), then import it.
import-cell-too-long = A cell of the file holds more than { $max } KB of text, far more than a staff list needs. Check the file, then import it again.
import-ref-dot-segment = The employee reference "{ $value }" has a "." or ".." part between slashes, which addresses would read as a move to another folder. Write it without them (HR/123 is fine).
password-title = Change password
password-intro = Your other sessions (other browsers, phones, API logins) end when the password changes, and your personal API tokens are revoked.
password-current = Current password
password-new = New password
password-confirm = New password again
password-submit = Change the password
password-changed = Your password is changed. Your other sessions have ended.
password-current-wrong = This is not your current password.
password-confirm-mismatch = The two new passwords differ. Type the same one twice.

# Certificates only for compliance: audit results and rounds closed as not compliant
status-not_compliant = Not compliant
site-status-not_compliant = Not compliant
notification-kind-not_compliant = an assessment is closed as not compliant
notification-not_compliant = The { $year } assessment of { $site } was closed without a certificate: see the gap report.
error-not-compliant = { $count ->
    [one] Cannot approve: criterion { $criteria } is not met on the audited answers ({ $details }).
   *[other] Cannot approve: criteria { $criteria } are not met on the audited answers ({ $details }).
}
close-not-compliant-comment-required = Tell the site why the round closes without a certificate.
close-not-compliant-compliant = The audited answers meet every criterion: approve the assessment instead.
not-compliant-criterion = Criterion { $number } ({ $title }) is not met: { $rules }
not-compliant-rule-mandatory = mandatory items without an accepted answer: { $items }
not-compliant-rule-score = score { $score } % under the { $min } % required
criteria-compliant-audit = criteria compliant (audit result)
criteria-compliant-self = criteria met by the self-assessment
result-audit = Audit result
result-self = Self-assessment
audit-compliant = Compliant
audit-not-compliant = Not compliant
self-met = met
self-not-met = not met
review-close-not-compliant-help = The audited answers miss criteria. You can close the round without a certificate; the site and head office are sent the gap report.
review-close-not-compliant-comment = Comment for the site and head office (required)
review-close-not-compliant = Close as not compliant
review-results = Results per criterion
review-results-criterion = Criterion
review-done-close_not_compliant = The round is closed as not compliant.
decision-close_not_compliant = Closed as not compliant
closed-not-compliant-title = The round was closed without a certificate: criteria are not met on the audited answers.
