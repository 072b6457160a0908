//go:build !race

package sentiment_test

// raceEnabled: see race_on_test.go.
const raceEnabled = false
