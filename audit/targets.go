package audit

// The target types of the SDK's events: what Event.TargetType names, and
// what Filter.TargetType, Query.TargetType and an export select by. The
// target ID is the ID of the thing named.
const (
	// TargetAccount is a login (auth.Account).
	TargetAccount = "account"
	// TargetLogin is an attempt at a login that names no account: a sign-in
	// with an unknown username. Its target ID is empty.
	TargetLogin = "login"
	// TargetSession is a session of a login.
	TargetSession = "session"
	// TargetPasskey is a passkey of a login.
	TargetPasskey = "passkey"
	// TargetSecurityGroup is a security group (a permission set).
	TargetSecurityGroup = "security_group"
	// TargetPerson is a staff profile (personnel.Person).
	TargetPerson = "person"
	// TargetPersonnelGroup is a personnel group (an MDT, a team).
	TargetPersonnelGroup = "personnel_group"
	// TargetReferral is an LE/CPS referral.
	TargetReferral = "referral"
	// TargetVideo is a forensic-interview video: every event of its
	// chain of custody, its shares' included (Details["share"] names the
	// share).
	TargetVideo = "video"
)
