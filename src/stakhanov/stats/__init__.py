"""Statistics over a workforce and over the sources' bounds.

``inequality`` (the metrics; ``_sorted`` their layout), ``montecarlo`` (streamed draws and
percentiles; ``_extras`` the quantities it does not summarise), ``uncertainty`` (a ratio's
percentiles), ``workforce_metrics`` (a workforce's report), ``defaults`` (the Monte Carlo
defaults, importing nothing, for the CLI's start-up).
"""
