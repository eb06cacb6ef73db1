// Package portal is the partner portal's access matrix: the four switches a
// system user has (Enable Portal Access, Video Portal Access, Referral Portal
// Access, CareNet Access), the designations an administrator picks from
// (referral only, video only, dual access, all), and the pure policy that
// turns a user's facts into what they get: where they land, which portal tabs
// they see, whether they may flip between the portal and CareNet, and what
// they may do there.
//
// The package is pure: no storage, no I/O. It sits below auth so that an
// authenticated auth.Principal carries its Capabilities, computed once per
// authentication; referral, video and a host's HTTP handlers all ask the same
// question of it through Require. The switches are stored with the login
// (auth.Account.Portal), and the service that changes them is
// personnel.Service.SetPortalAccess, because in a CAC system portal access is
// set on the personnel profile's login and checks the profile's state.
package portal
