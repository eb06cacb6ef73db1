package portal_test

import (
	"testing"

	"github.com/carenet-go/carenet/portal"
)

// Sinks keep the compiler from optimising the benchmarked calls away.
var (
	capsSink portal.Capabilities
	errSink  error
)

func BenchmarkCapabilities(b *testing.B) {
	// A legacy referral user with videos shared: the release is parsed and
	// compared on every call.
	f := portal.Facts{
		HasLogin:         true,
		PersonActive:     true,
		AccountActive:    true,
		ReferralUser:     true,
		Access:           portal.Access{Enabled: true, Video: true},
		CreatedInRelease: "2.25.0",
	}
	b.ReportAllocs()
	for b.Loop() {
		capsSink = portal.Compute(f)
	}
}

func BenchmarkRequireCapability(b *testing.B) {
	c := portal.Compute(portal.Facts{
		HasLogin:      true,
		PersonActive:  true,
		AccountActive: true,
		OtherGroups:   true,
		Access:        portal.Access{Enabled: true, Referral: portal.ReferralBoth},
	})
	b.Run("granted", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			errSink = portal.Require(c, portal.SubmitLEReferrals)
		}
	})
	b.Run("denied", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			errSink = portal.Require(c, portal.ViewSharedVideos)
		}
	})
}
