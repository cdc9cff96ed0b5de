from .partners import Partner, PartnerKey
from .persisted import PersistedQuery

__all__ = ["Partner", "PartnerKey", "PersistedQuery"]
