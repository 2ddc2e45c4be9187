"""The spreadsheet: a workbook that stays live in Excel or LibreOffice.

``export`` (the entry point), ``book`` (cells, styles and counts), ``live_sheets`` (Inputs,
Ratios, Norms: formulas over Inputs), ``view_sheets`` (Sweep, Ladder, Claims, Sources, About).
"""
