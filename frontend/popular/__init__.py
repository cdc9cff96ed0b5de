"""The portal's most-used self-service solutions for the home page: from anonymous click counts and the search
statistics, with an editor's list that comes first."""
