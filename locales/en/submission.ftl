# Evidence a "yes" needs, the site's procedure as evidence, and the submission check.
lacking-evidence = Evidence missing
lacking-evidence-missing = Answered yes, but no file is attached: attach the evidence this item asks for.
lacking-evidence-missing-procedure = Answered yes, but no file is attached and the site's procedure is missing or its yearly review is overdue: attach a file or bring the procedure up to date.
lacking-evidence-expired = Answered yes, but every attached file is past its validity date: attach a current version.
procedure-serves-as-evidence = The procedure serves as the evidence for this item.
review-lacking-title = Answered yes without the evidence they need
review-lacking-help = The site answered these items yes without a valid file (or, for items the procedure shows, without a procedure in force).
submit-confirm-title = Submit the assessment
submit-confirm-frozen = Submitting freezes the assessment: the answers, comments and evidence files as they are now go to the auditor, and nobody can change them until the auditor requests changes or reopens the assessment.
submit-confirm-lacking-title = Answered yes without the evidence they need
submit-confirm-lacking-none = Every item answered yes has the evidence it needs.
submit-confirm-to-confirm-title = Still marked "to confirm"
submit-confirm-to-confirm-help = These answers were carried over from last year and not confirmed yet: they cannot be submitted as they are.
submit-confirm-to-confirm-none = No answer is waiting for confirmation.
submit-confirm-button = Submit now
submit-confirm-back = Back to the checklist
submit-confirm-unanswered-title = Not answered yet
