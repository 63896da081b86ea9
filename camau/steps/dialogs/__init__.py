"""Steps to change in conversation: new case, scoring, changes, the chart, nudges."""
