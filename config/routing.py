"""WebSocket routes of every app, gathered in one list for config.asgi."""

from chat.routing import websocket_urlpatterns as chat_websocket_urlpatterns

websocket_urlpatterns: list = [*chat_websocket_urlpatterns]
