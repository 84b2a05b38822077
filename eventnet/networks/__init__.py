"""Networks: communities that host events, with owners, organisers and members."""
