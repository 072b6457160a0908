// Command earshot listens for what customers say about your brands in public,
// scores it, stores it, and alerts you when negative talk spikes.
// Run `earshot --help` for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/earshot/earshot/internal/cli"
)

func main() { os.Exit(run()) }

func run() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		// The first signal starts a graceful stop (running crawls store their
		// batch, within a grace period); restoring the default handling lets
		// a second Ctrl-C end the process at once.
		<-ctx.Done()
		stop()
	}()
	return cli.Main(ctx, os.Args[1:], cli.OSEnv())
}
