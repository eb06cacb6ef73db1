package audit

// The events of reads (see ReadKinds), one per kind: who read what, when,
// recorded in a transaction of their own once the read succeeded.
const (
	// EventReferralRead: a referral opened (referral's Get and GetQueued);
	// target the referral.
	EventReferralRead Action = "referral.read"
	// EventProfileRead: a staff profile opened (personnel's Get); target
	// the person.
	EventProfileRead Action = "personnel.profile_read"
	// EventVideoRead: a video's record opened (video's Get); target the
	// video.
	EventVideoRead Action = "video.info_read"
	// EventMyVideosRead: a portal user's My Videos listed; target the
	// person who listed them.
	EventMyVideosRead Action = "video.my_videos_read"
	// EventCustodyRead: a video's chain of custody read or exported;
	// target the video.
	EventCustodyRead Action = "video.custody_read"
	// EventExportRead: the audit log exported (ExportFor); no target,
	// details "format", "events", "first", "last" and the query's
	// filters ("since", "until", "actions", "actor", "target_type",
	// "target").
	EventExportRead Action = "audit.exported"
)
