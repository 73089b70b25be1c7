"""The ``cocreate`` command line: a dispatcher and one light module per subcommand."""
