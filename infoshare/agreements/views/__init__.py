"""Agreements pages: thin views that parse a form, call one service or selector,
then render or redirect."""
