"""The migrations build exactly the schema the models describe."""
from hotline import migrate


def test_models_and_migrations_agree(app):
    with app.app_context():
        differences = migrate.pending_differences()
    assert differences == [], differences
