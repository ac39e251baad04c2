"""The build: notebooks → papermill → executed notebooks → combined report → HTML and PDF."""
