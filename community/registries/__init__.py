"""Registries through which the apps built on `community` plug into it.

`content`: which models can be moderated, and how the toolkit reaches them.
`member_data`: every app's data about a member, for export and deletion.
"""
