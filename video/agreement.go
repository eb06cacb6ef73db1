package video

import (
	"crypto/sha256"
	"encoding/hex"
)

// Agreement is the viewer agreement a grantee acknowledges before each view
// or download (Config.AgreementText).
type Agreement struct {
	// Text is what the grantee reads.
	Text string
	// Digest is AgreementDigest(Text): what the grantee's acknowledgement
	// must carry (AccessRequest.Agreement). A changed text has a new digest,
	// so an acknowledgement of an older text is refused.
	Digest string
}

// AgreementDigest is the lowercase hex SHA-256 of an agreement's text.
func AgreementDigest(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}
