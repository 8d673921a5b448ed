"""The Redis channel layer must not time out its own blocking reads.

channels-redis waits for a consumer's next message with BZPOPMIN for `brpop_timeout`
(5 s); redis-py 8 gives every connection a 5 s read timeout by default. With the two
equal, a socket idle for five seconds raced the timeout, and when the timeout won the
consumer died with redis.exceptions.TimeoutError and daphne closed the member's socket
(1011): the fault test saw the member on the surviving process disconnected. The
settings must give the layer's connections a read timeout longer than that wait.

The settings module is read again with REDIS_URL set (the suite's own settings may be
the in-memory layer); nothing connects to Redis.
"""

import runpy

from channels_redis.core import RedisChannelLayer
from channels_redis.utils import create_pool, decode_hosts

from tests.chat.live import ROOT


def test_layer_connections_wait_longer_than_the_blocking_read(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    settings = runpy.run_path(str(ROOT / "config" / "settings.py"))
    layer = settings["CHANNEL_LAYERS"]["default"]
    assert layer["BACKEND"] == "channels_redis.core.RedisChannelLayer"

    pool = create_pool(decode_hosts(layer["CONFIG"]["hosts"])[0])
    connection = pool.connection_class(**pool.connection_kwargs)  # not connected
    timeout = connection.socket_timeout
    assert timeout is None or timeout > RedisChannelLayer.brpop_timeout
