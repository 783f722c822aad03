"""Flask-WTF forms: every POST carries a CSRF token."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (BooleanField, DateField, HiddenField, IntegerField, PasswordField, SelectField,
                     StringField, TextAreaField, TimeField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as a SelectField's choices (plain tuples are deprecated in WTForms 3.3)."""
    return [SelectChoice(value, label) for value, label in pairs]


class LoginForm(FlaskForm):
    phone = StringField("Phone number", validators=[DataRequired(), Length(max=30)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


class ActionForm(FlaskForm):
    """A form with nothing but its CSRF token (buttons)."""


class VisitForm(FlaskForm):
    place_id = SelectField("Place", coerce=int)
    date = DateField("Date", validators=[DataRequired()])
    start = TimeField("Start", validators=[DataRequired()])
    end = TimeField("End", validators=[DataRequired()])
    meeting_point = StringField("Meeting point", validators=[DataRequired(), Length(max=120)])


class ChangeForm(FlaskForm):
    kind = SelectField("Change", choices=options([("delayed", "Delay"), ("moved", "Move"),
                                                  ("cancelled", "Cancel visit")]))
    minutes = IntegerField("Minutes", validators=[Optional(), NumberRange(min=1, max=24 * 60)])
    date = DateField("Date", validators=[Optional()])
    start = TimeField("Start", validators=[Optional()])
    end = TimeField("End", validators=[Optional()])
    meeting_point = StringField("Meeting point", validators=[Optional(), Length(max=120)])
    confirm = HiddenField(default="")


class UploadForm(FlaskForm):
    file = FileField("File", validators=[FileRequired()])


class ShiftForm(FlaskForm):
    staff_id = SelectField("Staff member", coerce=int)
    date = DateField("Date", validators=[DataRequired()])
    start = TimeField("Start", validators=[DataRequired()])
    end_date = DateField("Date", validators=[DataRequired()])
    end = TimeField("End", validators=[DataRequired()])
    backup = BooleanField("Backup")


class AssignForm(FlaskForm):
    lawyer_id = SelectField("Lawyer", coerce=int)


class OutcomeForm(FlaskForm):
    outcome = SelectField("Outcome", choices=options([("done", "done"), ("noanswer", "no answer"),
                                                      ("unreachable", "unreachable")]))


class AlertActionForm(FlaskForm):
    staff_id = SelectField("On behalf of", coerce=int)
    outcome = TextAreaField("Outcome", validators=[Optional(), Length(max=500)])


class PromptUploadForm(FlaskForm):
    key = SelectField("Prompt")
    lang = SelectField("Language", choices=options([("ky", "ky"), ("uz", "uz")]))
    file = FileField("File", validators=[FileRequired()])


class SmsForm(FlaskForm):
    phone = StringField("Phone number", validators=[DataRequired(), Length(max=30)])
    body = StringField("Text", validators=[DataRequired(), Length(max=1600)])


class CallForm(FlaskForm):
    phone = StringField("Phone number", validators=[DataRequired(), Length(max=30)])


class KeypadForm(FlaskForm):
    digits = StringField("Press", validators=[Optional(), Length(max=20)])


class StaffAddForm(FlaskForm):
    """A new staff member; the service (hotline.staff.service.add_staff) does the real checks."""
    name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    phone = StringField("Phone number", validators=[DataRequired(), Length(max=30)])
    role = SelectField("Role", choices=options([("coordinator", "coordinator"), ("social_worker", "social_worker"),
                                                ("lawyer", "lawyer")]), default="social_worker")
    oblast = SelectField("Oblast", choices=options([("", "-"), ("osh", "osh"), ("naryn", "naryn")]), default="")
    district = StringField("District", validators=[Optional(), Length(max=60)])
    password = PasswordField("Password", validators=[Optional(), Length(max=200)])
    on_bus_crew = BooleanField("On the bus crew")


class PlaceEditForm(FlaskForm):
    """Aliases (one per line or ';'-separated) and coordinates; lat/lon both or neither."""
    aliases = TextAreaField("Aliases", validators=[Optional(), Length(max=2000)])
    lat = StringField("Latitude", validators=[Optional(), Length(max=30)])
    lon = StringField("Longitude", validators=[Optional(), Length(max=30)])
