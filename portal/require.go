package portal

import (
	"math/bits"

	"github.com/carenet-go/carenet"
)

// allCapabilities is every capability the package defines.
const allCapabilities = UsePortal | UseCareNet | SwitchPortalCareNet |
	ViewSharedVideos | SubmitLEReferrals | SubmitCPSReferrals

// missingCapability holds one Forbidden error per capability, indexed by bit
// position, built once so that Require never allocates.
var missingCapability = func() [len(capabilityNames)]*carenet.Error {
	var errs [len(capabilityNames)]*carenet.Error
	for i := range errs {
		x := Capability(1) << i
		errs[i] = &carenet.Error{
			Code:    carenet.Forbidden,
			Op:      "portal.Require",
			Message: "missing portal capability: " + x.String(),
		}
	}
	return errs
}()

// errUnknownCapability is what Require returns for a capability the package
// does not define, or for none at all.
var errUnknownCapability = &carenet.Error{
	Code:    carenet.Forbidden,
	Op:      "portal.Require",
	Message: "unknown portal capability",
}

// Require returns nil when c includes every capability in x, and otherwise a
// *carenet.Error with code carenet.Forbidden whose message names the first
// missing capability, such as "missing portal capability: submit LE
// referrals". Asking for no capability, or one the package does not define,
// is Forbidden too.
//
// Require does not allocate: the errors it returns are shared package values
// and must not be modified. Compare them with carenet.ErrorCode or errors.As,
// not by identity.
func Require(c Capabilities, x Capability) error {
	if x == 0 || x&^allCapabilities != 0 {
		return errUnknownCapability
	}
	missing := x &^ c.Set
	if missing == 0 {
		return nil
	}
	return missingCapability[bits.TrailingZeros16(uint16(missing))]
}
