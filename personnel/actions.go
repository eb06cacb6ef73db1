package personnel

import "github.com/carenet-go/carenet/audit"

// Audit actions personnel records. The target type is "person", or
// "personnel_group" for groups.
const (
	ActionCreated         audit.Action = "personnel.created"
	ActionUpdated         audit.Action = "personnel.updated"
	ActionDeactivated     audit.Action = "personnel.deactivated"
	ActionReactivated     audit.Action = "personnel.reactivated"
	ActionDeleted         audit.Action = "personnel.deleted"
	ActionDeleteRefused   audit.Action = "personnel.delete_refused"
	ActionSecurityGroups  audit.Action = "personnel.security_groups_changed"
	ActionPortalAccess    audit.Action = "portal.access_changed"
	ActionGroupCreated    audit.Action = "personnel_group.created"
	ActionGroupRenamed    audit.Action = "personnel_group.renamed"
	ActionGroupDeleted    audit.Action = "personnel_group.deleted"
	ActionGroupMemberAdd  audit.Action = "personnel_group.member_added"
	ActionGroupMemberDrop audit.Action = "personnel_group.member_removed"
)
