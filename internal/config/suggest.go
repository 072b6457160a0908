package config

import (
	"fmt"
	"strings"
)

// didYouMean returns ` (did you mean "x"?)` for the closest candidate within a
// small edit distance of got, or "" when nothing is close enough to be a typo.
func didYouMean(got string, candidates []string) string {
	best, bestDist := "", -1
	lower := strings.ToLower(got)
	for _, c := range candidates {
		d := editDistance(lower, strings.ToLower(c))
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	// Allow about one edit per three characters, at least two: "scheudle" is a
	// typo of "schedule", "url" is not a typo of "sort".
	limit := max(2, len([]rune(got))/3)
	if bestDist < 0 || bestDist > limit || bestDist >= len([]rune(got)) {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// oneOf formats candidates for a message: "feed, jsonld or html".
func oneOf(candidates []string) string {
	if len(candidates) <= 1 {
		return strings.Join(candidates, "")
	}
	return strings.Join(candidates[:len(candidates)-1], ", ") + " or " + candidates[len(candidates)-1]
}

// editDistance is the optimal string alignment distance (Levenshtein plus
// adjacent transpositions, which are the commonest typo) over runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
