package personnel

import "github.com/carenet-go/carenet/audit"

// Audit actions personnel records. The target type is "person", or
// "personnel_group" for groups.
const (
	EventCreated                     audit.Action = "personnel.created"
	EventUpdated                     audit.Action = "personnel.updated"
	EventDeactivated                 audit.Action = "personnel.deactivated"
	EventReactivated                 audit.Action = "personnel.reactivated"
	EventDeleted                     audit.Action = "personnel.deleted"
	EventDeleteRefused               audit.Action = "personnel.delete_refused"
	EventSecurityGroupsChanged       audit.Action = "personnel.security_groups_changed"
	EventPortalAccessChanged         audit.Action = "portal.access_changed"
	EventPersonnelGroupCreated       audit.Action = "personnel_group.created"
	EventPersonnelGroupRenamed       audit.Action = "personnel_group.renamed"
	EventPersonnelGroupDeleted       audit.Action = "personnel_group.deleted"
	EventPersonnelGroupMemberAdded   audit.Action = "personnel_group.member_added"
	EventPersonnelGroupMemberRemoved audit.Action = "personnel_group.member_removed"
)
