"""stakhanov: wage inequality and piece rates in the 1935 reports of the Stakhanovite movement."""
