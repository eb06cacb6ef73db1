package video

import (
	"time"
)

// Video is a recorded video's metadata. The host stores the bytes; the SDK
// keeps what the CAC knows about them. A video is never changed once
// recorded: its checksum is part of the chain of custody.
type Video struct {
	// ID identifies the video.
	ID string
	// NewVideo is the upload as the host reported it (v.ClientID,
	// v.SHA256...), as CheckVideo normalised it.
	NewVideo
	// UploadedBy is the person who recorded the upload, UploadedAt when.
	UploadedBy string
	UploadedAt time.Time
}

// Info is what a grantee sees about a shared video in My Videos: no client
// profile, storage key or uploader.
type Info struct {
	// ID is Video.ID.
	ID string
	// CaseID, Title, RecordedAt, Duration, SizeBytes, ContentType,
	// SHA256 and InterviewerID are the video's, as NewVideo says.
	CaseID        string
	Title         string
	RecordedAt    time.Time
	Duration      time.Duration
	SizeBytes     int64
	ContentType   string
	SHA256        string
	InterviewerID string
}

// Info returns what a grantee may see of v.
func (v Video) Info() Info {
	return Info{
		ID: v.ID, CaseID: v.CaseID, Title: v.Title, RecordedAt: v.RecordedAt, Duration: v.Duration,
		SizeBytes: v.SizeBytes, ContentType: v.ContentType, SHA256: v.SHA256, InterviewerID: v.InterviewerID,
	}
}

// NewVideo is an upload as the host reports it to Service.RecordUpload,
// and what a Video holds of it.
type NewVideo struct {
	// ClientID is the host's client profile the video belongs to.
	ClientID string
	// CaseID is the host's case, if the video belongs to one; may be empty.
	CaseID string
	// Title names the video.
	Title string
	// RecordedAt is when the interview was recorded.
	RecordedAt time.Time
	// Duration is the length of the recording.
	Duration time.Duration
	// SizeBytes is the size of the stored file.
	SizeBytes int64
	// ContentType is the file's media type, such as "video/mp4".
	ContentType string
	// SHA256 is the lowercase hex SHA-256 of the stored file.
	SHA256 string
	// StorageKey is where the host keeps the file (an object key, a path).
	// It is for the host's storage proxy and is never shown to grantees.
	StorageKey string
	// InterviewerID is the person who conducted the interview; may be empty.
	InterviewerID string
}

// Field limits, in characters (bytes for StorageKey).
const (
	MaxIDLength          = 100
	MaxTitleLength       = 200
	MaxContentTypeLength = 100
	MaxStorageKeyLength  = 1024
	MaxNoteLength        = 1000
	MaxReasonLength      = 500
	// MaxDuration is the longest recording accepted.
	MaxDuration = 24 * time.Hour
)
