package query

// alternatives lists the phrases one side of a NEAR may be.
func alternatives(n *node) []*node {
	if n.op == opWords {
		return []*node{n}
	}
	return n.kids
}

// near reports whether some occurrence of the left side and some occurrence
// of the right side, in either order and not overlapping, have at most n.n
// words between them.
func (d *doc) near(n *node) bool {
	left, right := n.kids[0], n.kids[1]
	if !d.eval(left) || !d.eval(right) {
		return false
	}
	ls, rs := alternatives(left), alternatives(right)
	longest := 0
	for _, r := range rs {
		longest = max(longest, len(r.words))
	}
	for i := range d.words {
		for _, l := range ls {
			if d.at(l.words, i) && d.nearAt(i, len(l.words), rs, n.n, longest) {
				return true
			}
		}
	}
	return false
}

// nearAt looks for a right side within gap words of the left side occupying
// words [i, i+ln).
func (d *doc) nearAt(i, ln int, rs []*node, gap, longest int) bool {
	for j := max(0, i-gap-longest); j <= i+ln+gap && j < len(d.words); j++ {
		for _, r := range rs {
			rn := len(r.words)
			var between int
			switch {
			case j >= i+ln:
				between = j - (i + ln)
			case j+rn <= i:
				between = i - (j + rn)
			default:
				continue // overlapping: the same words cannot be both sides
			}
			if between <= gap && d.at(r.words, j) {
				return true
			}
		}
	}
	return false
}
