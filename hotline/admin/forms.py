"""Flask-WTF forms: every POST carries a CSRF token; WTForms' messages in the page's language."""
from __future__ import annotations

from flask_babel import get_translations
from flask_wtf import FlaskForm
from flask_wtf.i18n import translations as wtforms_own
from flask_wtf.file import FileField, FileRequired
from wtforms import (BooleanField, DateField, HiddenField, IntegerField, PasswordField, SelectField,
                     StringField, TextAreaField, TimeField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from hotline.admin.i18n import N_, NN_


class CatalogMessages:
    """WTForms' translations hook: its messages (with their values: "at most %(max)d
    characters") from the admin's catalog, which has them in Russian, Kyrgyz and Uzbek;
    WTForms ships no Kyrgyz or Uzbek. A message ours lacks falls back to WTForms' own."""

    def gettext(self, string: str) -> str:
        found = get_translations().gettext(string)
        return found if found != string else wtforms_own.gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        found = get_translations().ngettext(singular, plural, n)
        return found if found not in (singular, plural) else wtforms_own.ngettext(singular, plural, n)


# The messages our validators and fields can give, for `scripts/translations` to extract.
WTFORMS_MESSAGES = (
    N_("This field is required."), N_("Not a valid date value."), N_("Not a valid time value."),
    N_("Not a valid integer value."), N_("Not a valid choice."), N_("Invalid Choice: could not coerce."),
    N_("Number must be between %(min)s and %(max)s."),
    NN_("Field cannot be longer than %(max)d character.", "Field cannot be longer than %(max)d characters."),
)


class Form(FlaskForm):
    """Every admin form: Flask-WTF's CSRF, and WTForms' messages through our catalog."""

    class Meta:
        def get_translations(self, form):
            return CatalogMessages()


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as a SelectField's choices (plain tuples are deprecated in WTForms 3.3)."""
    return [SelectChoice(value, label) for value, label in pairs]


class LoginForm(Form):
    phone = StringField(N_("Phone number"), validators=[DataRequired(), Length(max=30)])
    password = PasswordField(N_("Password"), validators=[DataRequired(), Length(max=200)])


class ActionForm(Form):
    """A form with nothing but its CSRF token (buttons)."""


class VisitForm(Form):
    place_id = SelectField(N_("Place"), coerce=int)
    date = DateField(N_("Date"), validators=[DataRequired()])
    start = TimeField(N_("Start"), validators=[DataRequired()])
    end = TimeField(N_("End"), validators=[DataRequired()])
    meeting_point = StringField(N_("Meeting point"), validators=[DataRequired(), Length(max=120)])


class ChangeForm(Form):
    kind = SelectField(N_("Change"), choices=options([("delayed", N_("Delay")), ("moved", N_("Move")),
                                                  ("cancelled", N_("Cancel visit"))]))
    minutes = IntegerField(N_("Minutes"), validators=[Optional(), NumberRange(min=1, max=24 * 60)])
    date = DateField(N_("Date"), validators=[Optional()])
    start = TimeField(N_("Start"), validators=[Optional()])
    end = TimeField(N_("End"), validators=[Optional()])
    meeting_point = StringField(N_("Meeting point"), validators=[Optional(), Length(max=120)])
    confirm = HiddenField(default="")


class UploadForm(Form):
    file = FileField(N_("File"), validators=[FileRequired()])


class ShiftForm(Form):
    staff_id = SelectField(N_("Staff member"), coerce=int)
    date = DateField(N_("Date"), validators=[DataRequired()])
    start = TimeField(N_("Start"), validators=[DataRequired()])
    end_date = DateField(N_("Date"), validators=[DataRequired()])
    end = TimeField(N_("End"), validators=[DataRequired()])
    backup = BooleanField(N_("Backup"))


class AssignForm(Form):
    lawyer_id = SelectField(N_("Lawyer"), coerce=int)


class OutcomeForm(Form):
    outcome = SelectField(N_("Outcome"), choices=options([("done", N_("done")), ("noanswer", N_("no answer")),
                                                      ("unreachable", N_("unreachable"))]))


class AlertActionForm(Form):
    staff_id = SelectField(N_("On behalf of"), coerce=int)
    outcome = TextAreaField(N_("Outcome"), validators=[Optional(), Length(max=500)])


class PromptUploadForm(Form):
    key = SelectField(N_("Prompt"))
    lang = SelectField(N_("Language"), choices=options([("ky", "ky"), ("uz", "uz")]))
    file = FileField(N_("File"), validators=[FileRequired()])


class SmsForm(Form):
    phone = StringField(N_("Phone number"), validators=[DataRequired(), Length(max=30)])
    body = StringField(N_("Text"), validators=[DataRequired(), Length(max=1600)])


class CallForm(Form):
    phone = StringField(N_("Phone number"), validators=[DataRequired(), Length(max=30)])


class KeypadForm(Form):
    digits = StringField(N_("Press"), validators=[Optional(), Length(max=20)])


class StaffAddForm(Form):
    """A new staff member; the service (hotline.staff.service.add_staff) does the real checks."""
    name = StringField(N_("Name"), validators=[DataRequired(), Length(max=120)])
    phone = StringField(N_("Phone number"), validators=[DataRequired(), Length(max=30)])
    role = SelectField(N_("Role"), choices=options([("coordinator", "coordinator"), ("social_worker", "social_worker"),
                                                ("lawyer", "lawyer")]), default="social_worker")
    oblast = SelectField(N_("Oblast"), choices=options([("", "-"), ("osh", "osh"), ("naryn", "naryn")]), default="")
    district = StringField(N_("District"), validators=[Optional(), Length(max=60)])
    password = PasswordField(N_("Password"), validators=[Optional(), Length(max=200)])
    on_bus_crew = BooleanField(N_("On the bus crew"))
    voice_recorder = BooleanField(N_("Voice recorder"))


class PlaceEditForm(Form):
    """Aliases (one per line or ';'-separated) and coordinates; lat/lon both or neither."""
    aliases = TextAreaField(N_("Aliases"), validators=[Optional(), Length(max=2000)])
    lat = StringField(N_("Latitude"), validators=[Optional(), Length(max=30)])
    lon = StringField(N_("Longitude"), validators=[Optional(), Length(max=30)])
