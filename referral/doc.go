// Package referral carries referrals from outside partners to a Children's
// Advocacy Center: client, law-enforcement (LE), child-protective-services
// (CPS) and combined (LE and CPS together) referrals, from the partner
// portal's My Referrals to the CAC's intake queue.
//
// A referral is a Form (who refers, why, the children, their caregivers and
// household, the alleged offenders, the allegations, the narrative, the
// services asked for, and the LE or CPS part) kept in a Referral record with
// its status, version and history.
//
// The rules are pure functions, tested on their own:
//
//   - Validate checks a form for submission and reports every problem at
//     once, each with a field path ("children[1].date_of_birth") and a rule
//     code. CheckDraft is the lighter check a saved draft passes.
//   - Transition is the state machine: which Action may move a referral from
//     which Status, and to what.
//   - MaySubmit says who may author which kind of referral.
//
// Service gathers facts through the Repository of one transaction, applies
// those rules, and writes the change with its audit event (target type
// "referral") in that same transaction. Submitters (portal users whose
// capabilities allow the kind, or CAC staff with auth.SubmitReferrals) save
// drafts, submit, follow their own referrals in My Referrals and answer the
// CAC's requests for information. Reviewers (auth.ReviewReferrals) work the
// intake queue: mark a referral under review, request more information,
// reject it back to the referrer, accept it into a new or existing case
// through the host's IntakeHook, merge duplicates, or delete it (a status:
// the record and its history are kept).
//
// A submitter sees only their own referrals, and never what belongs to the
// CAC: the case a referral was linked to, the referral it was merged into,
// the reviewers' internal notes and who they are. Asking for someone else's
// referral is the same NotFound as asking for one that does not exist.
//
// Text is stored and returned byte for byte; what cannot be stored safely
// (invalid UTF-8, control characters, text over its length limit) is refused
// with field errors, never altered.
package referral
