package personnel

import "github.com/carenet-go/carenet/audit"

// The audit events personnel records, each with its target (see the
// audit package's Target constants) and its details. The actor is the
// person who acted, empty for the system (a sweep). What ending a login
// ended is in the details "ended" (the access ended), "password_replaced",
// "sessions_revoked" and "links_invalidated".
const (
	// EventCreated: a profile created; target the person, details
	// "name", "agency_kind" and "username" when a login came with it.
	EventCreated audit.Action = "personnel.created"
	// EventUpdated: a profile edited; target the person, details
	// "fields" (the fields changed) and "username_before",
	// "username_after" when the login's username changed.
	EventUpdated audit.Action = "personnel.updated"
	// EventDeactivated: a person deactivated (offboarded); target the
	// person, details "reason", "has_login", "login_was_active" and
	// "outstanding" (what they still hold), with what ending the login
	// ended.
	EventDeactivated audit.Action = "personnel.deactivated"
	// EventReactivated: a person made active again; target the person,
	// details "reason", "ended" (access ended again) and "account" when
	// their login came back.
	EventReactivated audit.Action = "personnel.reactivated"
	// EventDeleted: a profile that was never used deleted; target the
	// person, details "name".
	EventDeleted audit.Action = "personnel.deleted"
	// EventDeleteRefused: a deletion refused because the profile has been
	// used; target the person, details "references".
	EventDeleteRefused audit.Action = "personnel.delete_refused"
	// EventSecurityGroupsChanged was meant for a change of a person's
	// security groups; no event is ever recorded under it.
	//
	// Deprecated: search for auth.EventAccountUpdated, which records that
	// change with the details "groups_before" and "groups_after".
	EventSecurityGroupsChanged audit.Action = "personnel.security_groups_changed"
	// EventPortalAccessChanged: a login's four portal switches changed;
	// target the account, details "person", "before" and "after".
	EventPortalAccessChanged audit.Action = "portal.access_changed"
	// EventLoginDisabled: a person's login switched off, the person
	// staying active; target the person, details "reason", "account",
	// what ending the login ended, and "dormant_after_days" from the
	// dormant-login sweep.
	EventLoginDisabled audit.Action = "personnel.login_disabled"
	// EventLoginEnabled: a disabled login switched back on; target the
	// person, details "reason" and "account".
	EventLoginEnabled audit.Action = "personnel.login_enabled"
	// EventLoginGiven: a login given to a person who had none; target
	// the person, details "username" and "account".
	EventLoginGiven audit.Action = "personnel.login_given"
	// EventLoginRemoved: a person's login removed, the person staying;
	// target the person, details "reason" and "username".
	EventLoginRemoved audit.Action = "personnel.login_removed"
	// EventPersonnelGroupCreated: a personnel group (an MDT, a team)
	// created; target the group, details "name". Not auth's
	// EventSecurityGroupCreated, which is about a permission set.
	EventPersonnelGroupCreated audit.Action = "personnel_group.created"
	// EventPersonnelGroupRenamed: a personnel group renamed; target the
	// group, details "before" and "after".
	EventPersonnelGroupRenamed audit.Action = "personnel_group.renamed"
	// EventPersonnelGroupDeleted: a personnel group deleted; target the
	// group, details "name".
	EventPersonnelGroupDeleted audit.Action = "personnel_group.deleted"
	// EventPersonnelGroupMemberAdded: a person added to a personnel
	// group; target the group, details "person".
	EventPersonnelGroupMemberAdded audit.Action = "personnel_group.member_added"
	// EventPersonnelGroupMemberRemoved: a person taken out of a
	// personnel group; target the group, details "person".
	EventPersonnelGroupMemberRemoved audit.Action = "personnel_group.member_removed"
)
