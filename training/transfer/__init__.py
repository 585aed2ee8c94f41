"""Moving a training log in from other apps; `formats` reads their CSV exports."""
