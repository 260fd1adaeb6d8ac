package reply

// Hundredths is hundredths, for the safety tests.
var Hundredths = hundredths
