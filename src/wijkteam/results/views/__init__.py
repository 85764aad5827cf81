"""Pages of results: the result logic with its readings (logic) and the MKBA (mkba)."""
