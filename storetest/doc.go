// Package storetest is the conformance suite for the SDK's stores: a host
// that writes its own store (over its own database) proves it keeps every
// repository contract by calling Run from a test:
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) storetest.Store { return newTestStore(t) })
//	}
//
// The memory and PostgreSQL stores run it the same way.
//
// The suite reaches the store only through the SDK's interfaces: the
// transaction boundaries (Store) and the repositories of packages audit,
// auth, personnel, video, referral and accessreview, with the optional
// auth.SessionLooker when the store's auth boundary has it. It checks what
// each method's documentation promises (error codes, versions, ordering,
// filtering, personnel search and paging), that a failed transaction
// leaves no trace and a transaction sees a snapshot of its own, that
// values read back equal values written, that the store keeps no memory
// shared with its callers, and that the audit chain stays whole and every
// appended event is sealed or listed unsealed, under concurrent appends.
// A harness may offer more hooks beside Store: AuditTamperer for the cases
// of a tampered log, Neighbors for those of two stores that must keep
// apart; the suite skips the cases whose hook the harness lacks.
//
// # The contract
//
// A store writes the transaction boundaries of storetest.Store, whose
// handles give the repositories of auth.Tx, personnel.Tx, video.Tx,
// referral.Tx, accessreview.Tx and audit.Tx, and these required methods
// (75 in all; TestContractSize counts them and fails if they grow):
//
//   - auth.AccountRepository (14), auth.SecurityGroupRepository (5),
//     auth.SessionRepository (6), auth.PasswordTokenRepository (4),
//     auth.PasskeyRepository (6), auth.PasskeyCeremonyRepository (3),
//     auth.RecoveryCodeRepository (3);
//   - personnel.PersonRepository (7, personnel.OutstandingFinder
//     included) and personnel.GroupRepository (7);
//   - referral.Repository (6);
//   - video.VideoRepository (3), video.ShareRepository (5),
//     video.TicketRepository (2);
//   - audit.Repository (2) and audit.StateReader (1), which audit.Service
//     needs to verify the log;
//   - accessreview.Repository (1).
//
// PersonRepository.References reports the kinds personnel.Reference*
// names, filtered with personnel.Counted.
//
// Everything else is optional: a fast path a store may add, found by type
// assertion, for which the SDK builds a plain path from the required
// methods. A fast path must give exactly what its plain path gives; the
// suite checks both, the plain one on Plain(s):
//
//   - auth.SessionLooker on auth.Store (Service.Authenticate, else a View
//     transaction and SessionRepository.Lookup);
//   - auth.LoginDisabler on AccountRepository (auth.DisableLoginIn, else
//     Get, Update, SetCredentials, auth.RevokeSessions and
//     PasswordTokenRepository.InvalidateAll);
//   - auth.AccountDeleter on AccountRepository (auth.DeleteAccount, else
//     SessionRepository.ListByAccount and AccountRepository.Remove);
//   - auth.SessionRevoker on SessionRepository (auth.RevokeSessions, else
//     ListByAccount and Revoke);
//   - auth.SecurityGroupGetter on SecurityGroupRepository
//     (auth.SecurityGroupByID, else List);
//   - personnel.GroupGetter on GroupRepository (personnel.GroupByID, else
//     List);
//   - personnel.EndDateFinder on PersonRepository
//     (personnel.EndDatePassed, else Search over the active people);
//   - referral.KeyFinder on referral.Repository (referral.ByKey, else
//     ListBySubmitter);
//   - audit.Sealer on the audit boundary, for a store that seals its log
//     after commit (not a fast path: such a store needs it).
//
// A store that writes none of them is complete; each one it writes makes
// a read or a write one statement instead of several.
//
// It is a test helper: production packages never import it.
package storetest
