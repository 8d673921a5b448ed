"""Two-factor authentication: django-otp devices (TOTP and backup codes) as a
verification step after allauth's login, enforced on staff pages by middleware."""
