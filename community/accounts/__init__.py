"""Accounts: sign-up, login, invitations and approval, blocking, the demo accounts.

The account models (User, Invitation, MembershipDecision, Block) stay in the community
base (`community.models`, app label `community`): every app needs them. This app holds
what is done with them.
"""
