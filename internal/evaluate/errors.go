package evaluate

import "errors"

// ErrLabel reports a gold label other than positive, neutral or negative.
var ErrLabel = errors.New("unknown label")
