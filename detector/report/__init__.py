"""Views over batch results for people: the per-site roll-up and the self-contained HTML report."""
