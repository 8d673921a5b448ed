"""Names shared by the privacy services, selectors and templates."""

# Contains a space, which Django's username validator refuses at sign-up, so no member
# can ever take this name; templates show it as the translated "former member".
FORMER_MEMBER_USERNAME = "former member"
