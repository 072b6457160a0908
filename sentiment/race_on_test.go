//go:build race

package sentiment_test

// raceEnabled: under -race, sync.Pool drops a share of what is put back on
// purpose, so allocation counts measure the detector, not the code.
const raceEnabled = true
