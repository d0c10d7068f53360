"""Full-text search: query language, text analysis, the Whoosh index, scoring, snippets, facets."""
