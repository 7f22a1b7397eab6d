"""One module per tab page."""
