"""The office server: the single source of truth and only writer of an office's database."""
