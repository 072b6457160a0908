package cli

import (
	"context"
	"fmt"
	"runtime"
)

func runVersion(_ context.Context, env Env, args []string) error {
	fs := newFlags(env, "version", "", "Print earshot's version, with the Go version and platform it was built for.")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "earshot %s (%s, %s/%s)\n", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}
