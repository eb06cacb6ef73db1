// Package audit is the SDK's append-only, hash-chained event log.
//
// Every security-relevant change in every package (a login, a deactivation, a
// permission change, a video share, a referral decision) appends an Event
// through the Repository of the same transaction as the change, so the change
// and its record commit or roll back together.
//
// Each event's Hash covers its own fields and the previous event's hash.
// Stores assign the sequence number and call Seal while they hold the head of
// the chain, so the chain never forks. Verify walks the chain and reports the
// first event that was altered, removed or inserted; comparing the head it
// returns with one kept elsewhere also detects a truncated tail.
package audit
