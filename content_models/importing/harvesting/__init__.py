"""Harvesting the standards catalogue (the old Digitalisér.dk repository) from a file or URL.

Modules: sources (reading a path, stdin or URL, with a timeout and a size cap; guessing
the format), csv_catalogue (CSV -> import-format lines), harvest (the lines through the
content import pipeline, standards only, with withdrawal of missing standards and a report).
The command is content_models/management/commands/harvest_standards.py.
"""
