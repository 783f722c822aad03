"""hotline: the SMS and voice backend of the Bus of Solidarity."""


def create_app(*args, **kwargs):
    from hotline.app import create_app as factory

    return factory(*args, **kwargs)
