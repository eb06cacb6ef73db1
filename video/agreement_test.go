package video_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/video"
)

const agreementText = "I will view this recording only for the investigation it was shared for, and will not copy or share it."

func TestViewerAgreement(t *testing.T) {
	k := newKit(t, func(c *video.Config) { c.AgreementText = agreementText })
	s := k.share(k.Val.ID, video.ViewAndDownload)
	ag, ok := k.Video.Agreement()
	require.True(t, ok)
	assert.Equal(t, agreementText, ag.Text)
	assert.Equal(t, video.AgreementDigest(agreementText), ag.Digest)
	assert.Len(t, ag.Digest, 64)

	for name, ack := range map[string]string{
		"not acknowledged":          "",
		"an older text":             video.AgreementDigest("an older agreement"),
		"the text instead of a sum": agreementText,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := k.Video.RequestAccess(k.Ctx, k.ValP, video.AccessRequest{ShareID: s.ID, Action: video.View, Agreement: ack})
			require.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
			assert.True(t, carenet.Validation(err).Has("agreement", video.RuleAgreementRequired))
			assert.Equal(t, "agreement_required", k.last().Details["reason"], "the refusal is audited")
		})
	}

	acc, err := k.Video.RequestAccess(k.Ctx, k.ValP, video.AccessRequest{ShareID: s.ID, Action: video.Download, Agreement: ag.Digest})
	require.NoError(t, err)
	assert.True(t, acc.FirstOpen, "refused attempts do not open the share")
	last := k.last()
	assert.Equal(t, string(video.EventDownloaded), last.Action)
	assert.Equal(t, ag.Digest, last.Details["agreement"], "the acknowledgement is recorded with the access")

	// Each access needs it again.
	_, err = k.Video.RequestAccess(k.Ctx, k.ValP, video.AccessRequest{ShareID: s.ID, Action: video.View})
	assert.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
}

func TestAgreementComesAfterTheRules(t *testing.T) {
	k := newKit(t, func(c *video.Config) { c.AgreementText = agreementText })
	s := k.share(k.Val.ID, video.ViewOnly)
	_, err := k.Video.RequestAccess(k.Ctx, k.WesP, video.AccessRequest{ShareID: s.ID, Action: video.View})
	assert.ErrorIs(t, err, video.ErrShareNotFound, "a stranger learns nothing, not even that an agreement applies")
	_, err = k.Video.RequestAccess(k.Ctx, k.ValP, video.AccessRequest{ShareID: s.ID, Action: video.Download})
	assert.Equal(t, "view_only", k.last().Details["reason"])
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
}
