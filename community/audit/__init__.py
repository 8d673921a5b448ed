"""The append-only audit log: what moderators, staff and the system did, to what, why.

Part of the community base: accounts (approval decisions), moderation and the forum
write to it through `community.audit.services.audit_record`.
"""
