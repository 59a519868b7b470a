// Command atender publishes a folder of Markdown files to an Atender Knowledge Base.
package main

import (
	"os"

	"github.com/atender/atender/internal/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:])) }
