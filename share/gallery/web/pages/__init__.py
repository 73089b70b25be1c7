"""One module of routes per group of pages."""
