"""Privacy: what Kring sends with every response (no-store, noindex, CSP for the
admin) and what a member can take or remove when leaving (export, deletion)."""
