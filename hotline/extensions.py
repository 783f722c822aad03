"""Extension objects live here, unbound; create_app binds them (init_app)."""
from flask_babel import Babel
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from hotline.db import Base

db = SQLAlchemy(model_class=Base)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()  # the admin page's catalogs: hotline/translations (hotline.admin.i18n)
