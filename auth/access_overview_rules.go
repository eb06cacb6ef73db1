package auth

// RequireAccessOverview is the one rule for seeing who holds what across
// logins: every login's security groups, permissions and portal switches,
// the shares its person holds, and when it was last used (the access
// review, the report of logins by last use). It needs ViewAudit: whoever
// reads the audit log of every security change may see where those
// changes left things. ViewPersonnel, which shows a profile with its
// login, does not show every login's use. It returns nil, or the error
// Principal.Require gives.
func RequireAccessOverview(p *Principal) error {
	return p.Require(ViewAudit)
}
