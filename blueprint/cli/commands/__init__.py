"""One module per command; each exposes ``command``, a :class:`click.Command`."""
