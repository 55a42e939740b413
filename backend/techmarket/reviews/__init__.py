"""评审: expert review rounds shared by innovation projects and challenge bids."""
