"""Steps to change (Change and Measure): cases by reference, areas for change, scores after each core group.

Layers inside: `dialogs` -> `services` -> `repository` -> `tables`. Its pure rules are shared, in
`camau.practice.steps` and `camau.practice.cadence`.
"""
