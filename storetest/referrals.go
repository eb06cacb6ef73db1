package storetest

// referralCases test referral.Repository.
var referralCases = []testCase{}
