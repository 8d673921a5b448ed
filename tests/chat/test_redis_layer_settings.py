"""The Redis channel layer must not time out its own blocking reads.

channels-redis waits for a consumer's next message with BZPOPMIN for `brpop_timeout`
(5 s); redis-py 8 gives every connection a 5 s read timeout by default. With the two
equal, a socket idle for five seconds raced the timeout, and when the timeout won the
consumer died with redis.exceptions.TimeoutError and daphne closed the member's socket
(1011): the fault test saw the member on the surviving process disconnected. The
settings must give the layer's connections a read timeout longer than that wait.

The settings are read in a fresh interpreter with REDIS_URL set (the suite's own
settings may be the in-memory layer); nothing connects to Redis.
"""

import json
import subprocess
import sys

from tests.chat.live import ROOT, server_env

PROGRAM = """
import json
import django
django.setup()
from channels.layers import get_channel_layer
from channels_redis.utils import create_pool
layer = get_channel_layer()
pool = create_pool(layer.hosts[0])
connection = pool.connection_class(**pool.connection_kwargs)  # not connected
print(json.dumps({
    "backend": type(layer).__name__,
    "brpop_timeout": layer.brpop_timeout,
    "socket_timeout": connection.socket_timeout,
}))
"""


def test_layer_connections_wait_longer_than_the_blocking_read():
    env = server_env(
        database="sqlite:///unused.sqlite3",
        redis_url="redis://127.0.0.1:6379/0",
        secret_key="x" * 50,
        settings_module="config.settings",
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and program
        [sys.executable, "-c", PROGRAM],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["backend"] == "RedisChannelLayer"
    assert found["socket_timeout"] is None or found["socket_timeout"] > found["brpop_timeout"]
