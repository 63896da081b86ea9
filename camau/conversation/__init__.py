"""The top of every conversation, assembled from the features: the list of features, the router, menu and
help, and the drafts a person left across features.
"""
