"""The FMEA worksheet: its layout, xlsx and CSV export, and import back into a blueprint."""
