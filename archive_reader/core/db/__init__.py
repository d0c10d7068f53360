"""All SQL of the library: schema and migrations, and one module per group of tables."""
