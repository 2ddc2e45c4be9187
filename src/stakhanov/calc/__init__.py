"""The calculator: typed results from ``Rates``; never reads a user's file, never prints.

``comparison`` (ratios with bounds), ``norms`` (norm revisions), ``pay`` (what a pay rule
pays; ``_bands`` its band arithmetic), ``brigade``, ``sweep`` (a revision along a grid),
``claims`` (the sources' claims; ``_judge`` and ``_measures`` serve it), ``report`` (the main
job), ``listing`` (the records and norms as rows), ``diff`` (what a scenario moves).
"""
