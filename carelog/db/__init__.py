"""Storage: SQLAlchemy 2.0 models, engine and migrations, repositories (one module per aggregate)."""
