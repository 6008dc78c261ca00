"""Evaluation data for credscan: labelled cases (cases.yaml), the keyword-search baseline
(baseline.yaml + baseline.py) and the renderer that turns a case into a real file (render.py)."""
