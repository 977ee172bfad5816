"""deskapp: the customer-service desk of a mall, in a terminal."""

__version__ = "0.1.0"
