"""Moving a log in and out: imports of Strong, Hevy and FitNotes exports, the CSV of
every set, the JSON backup and its restore; `formats` reads the other apps' CSV exports.

The rows they keep, `Import` and `Restore`, are training's models
(`training/models/imports.py`, `restores.py`): a session points at the import
that brought it in, and moving a model between apps takes migrations for nothing.
"""
