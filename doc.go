// Package carenet is an embeddable SDK for the rules of a Children's
// Advocacy Center case system. This root package holds what every other
// package shares: the error type and its codes, validation errors, the clock
// and ID generators, and the transaction boundary a store implements.
package carenet

// Release is the product release this SDK implements. New accounts record it
// (auth.Account.CreatedInRelease); portal rules compare against it.
const Release = "2.27.0"
