"""The `onestop` command: one entry point, a subcommand per process."""
