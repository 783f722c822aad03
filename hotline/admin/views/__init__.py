"""One module per admin section; each registers its routes on hotline.admin.routes.bp."""
