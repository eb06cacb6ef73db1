package portal

// Access holds a system user's four portal switches. Enabled is the master
// switch: without it the other three have no effect, though they are kept so
// that turning the portal back on restores them.
type Access struct {
	// Enabled is "Enable Portal Access".
	Enabled bool `json:"enabled"`
	// Video is "Video Portal Access": videos may be shared with the user.
	Video bool `json:"video"`
	// Referral is "Referral Portal Access": the kinds of referral the user
	// may submit, LE, CPS or both (ReferralBoth, what the single switch of
	// earlier releases meant). None is the switch off.
	Referral ReferralKinds `json:"referral"`
	// CareNet is "CareNet Access": the full program, with a button to flip
	// between the portal and CareNet.
	CareNet bool `json:"carenet"`
}

// Designation is one of the four named presets of CAC CareNet's help
// article "Referral & Video User Setup (Portal)": referral only, video
// only, dual access (CareNet and referrals), or everything.
type Designation string

// The designations.
const (
	// ReferralOnly: submit referrals, nothing else.
	ReferralOnly Designation = "referral_only"
	// VideoOnly: view videos shared with the user, nothing else.
	VideoOnly Designation = "video_only"
	// DualAccess: CareNet and referrals.
	DualAccess Designation = "dual_access"
	// All: referrals, videos and CareNet.
	All Designation = "all"
)

// Landing is where a user arrives after logging in.
type Landing string

// The landing pages.
const (
	// LandingNone: the user gets nothing at all.
	LandingNone Landing = ""
	// LandingDashboard: the portal's Dashboard, where every portal user lands.
	LandingDashboard Landing = "dashboard"
	// LandingCareNet: the full program, for a full user without the portal.
	LandingCareNet Landing = "carenet"
)

// Tab is one tab of the portal.
type Tab uint8

// The portal tabs.
const (
	TabDashboard Tab = 1 << iota
	TabMyVideos
	TabMyReferrals
)

// Tabs is a set of tabs.
type Tabs uint8

// Has reports whether t is in the set.
func (s Tabs) Has(t Tab) bool { return s&Tabs(t) != 0 }

// Capability is one thing a user may do.
type Capability uint16

// The capabilities.
const (
	// UsePortal: the user may enter the portal (lands on the Dashboard).
	UsePortal Capability = 1 << iota
	// UseCareNet: the user may use the full program.
	UseCareNet
	// SwitchPortalCareNet: the button that flips between portal and CareNet.
	SwitchPortalCareNet
	// ViewSharedVideos: My Videos; videos may be shared with the user.
	ViewSharedVideos
	// SubmitLEReferrals: the user may submit law-enforcement referrals.
	SubmitLEReferrals
	// SubmitCPSReferrals: the user may submit child-protective-services
	// referrals.
	SubmitCPSReferrals
)

// Capabilities is what a user gets: where they land, the tabs they see and
// what they may do. The zero value is "nothing at all".
type Capabilities struct {
	// Landing is where the user arrives after logging in.
	Landing Landing
	// Tabs are the portal tabs the user sees.
	Tabs Tabs
	// Set holds every capability the user has, one bit each.
	Set Capability
}

// Has reports whether c includes capability x.
func (c Capabilities) Has(x Capability) bool { return c.Set&x == x && x != 0 }
