package personnel

// The kinds of Reference a store's PersonRepository.References reports
// from the SDK's own records, in this order and only when their count is
// not zero (Counted). Both of the SDK's stores use these; a store of a
// host's must too, since the guarded delete names them to the caller.
const (
	// ReferenceLoginHistory is 1 if the person's login ever logged in or
	// held a session.
	ReferenceLoginHistory = "login_history"
	// ReferenceSessions counts the sessions of the person's login, revoked
	// ones included.
	ReferenceSessions = "sessions"
	// ReferencePersonnelGroups counts the personnel groups the person is in.
	ReferencePersonnelGroups = "personnel_groups"
	// ReferenceAuditEvents counts the audit events the person made, sealed
	// or not.
	ReferenceAuditEvents = "audit_events"
	// ReferenceVideoShares counts the video shares granted to or by the
	// person, each once.
	ReferenceVideoShares = "video_shares"
	// ReferenceVideos counts the videos the person uploaded or was the
	// interviewer of, each once.
	ReferenceVideos = "videos"
	// ReferenceReferrals counts the referrals the person submitted.
	ReferenceReferrals = "referrals"
)

// Counted returns the references of refs whose count is not zero, in the
// order given: what PersonRepository.References and Outstanding report of
// their counts.
func Counted(refs []Reference) []Reference {
	var out []Reference
	for _, r := range refs {
		if r.Count > 0 {
			out = append(out, r)
		}
	}
	return out
}
