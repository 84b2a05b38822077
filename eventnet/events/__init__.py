"""Events: what a network organises, when and where, and its agenda."""
