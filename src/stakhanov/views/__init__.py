"""Views of the typed results: never computes.

``console`` (formatting, tables, CSV and JSON writers) under ``render`` (ratios, groups,
claims, sources, the report), ``render_lists`` (records, norms), ``render_norms``,
``render_inequality`` and ``render_scenario``; ``frames`` (DataFrames); ``workbook/`` (the
spreadsheet); ``pictures/`` (PNG plots).
"""
