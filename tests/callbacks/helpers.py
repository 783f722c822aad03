"""Small helpers shared by the callback tests."""
from __future__ import annotations

from sqlalchemy import select

from hotline.callbacks.models import CallbackRequest
from hotline.extensions import db
from hotline.messaging.models import OutboundMessage

RESIDENT = "+996700111222"
LAWYER_OSH = "+996880100005"
LAWYER_NARYN = "+996998100006"
COORDINATOR = "+996700100001"


def requests_of(phone: str = RESIDENT) -> list[CallbackRequest]:
    db.session.expire_all()
    return list(db.session.scalars(select(CallbackRequest).where(CallbackRequest.phone == phone)
                                   .order_by(CallbackRequest.id)))


def open_request(phone: str = RESIDENT) -> CallbackRequest | None:
    db.session.expire_all()
    return db.session.scalar(select(CallbackRequest).where(CallbackRequest.open_key == phone))


def outbox_to(phone: str) -> list[OutboundMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboundMessage).where(OutboundMessage.to_phone == phone,
                                                                 OutboundMessage.kind == "sms")
                                   .order_by(OutboundMessage.id)))


def add_lawyers() -> None:
    from hotline.staff.service import add_staff

    add_staff("Osh lawyer", LAWYER_OSH, "lawyer", "osh")
    add_staff("Naryn lawyer", LAWYER_NARYN, "lawyer", "naryn")
    add_staff("Coordinator", COORDINATOR, "coordinator")
    db.session.commit()


def add_place(code: str = "1101", oblast: str = "osh", district: str = "Alai") -> int | None:
    from hotline.core.optional import import_optional

    models = import_optional("hotline.schedule.models")
    if models is None:
        return None
    place = models.Place(code=code, name_ky="Гүлчө", name_ru="Гульча", name_latin="Gulcho",
                         aliases="Gulcha;Gulch8", oblast=oblast, district=district)
    db.session.add(place)
    db.session.commit()
    return place.id
