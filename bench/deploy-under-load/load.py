#!/usr/bin/env python3
"""A trading desk's load on one URL until SIGTERM: three clients in a loop (GET /health on a fresh connection each
time, GET /api/orders and POST /api/orders on kept-alive connections), 10 ms apart. On SIGTERM it writes what it saw
as JSON to the file named by its second argument: requests, refused connections, 5xx answers, timeouts, other
failures, the ids of acknowledged orders (201) and the longest gap between two answers."""
import http.client
import json
import signal
import sys
import threading
import time

host, port = sys.argv[1].split(":")
port = int(port)
out = sys.argv[2]
stop = threading.Event()
lock = threading.Lock()
counts = {"requests": 0, "refused": 0, "5xx": 0, "timeouts": 0, "other": 0}
acknowledged = []
last_answer = [None]
longest_gap = [0.0]


def answered():
    now = time.monotonic()
    with lock:
        if last_answer[0] is not None:
            longest_gap[0] = max(longest_gap[0], now - last_answer[0])
        last_answer[0] = now


def count(key):
    with lock:
        counts[key] += 1


def send(connection, method, path, body, keep_alive):
    headers = {"Content-Type": "application/json"} if body else {}
    if not keep_alive:
        headers["Connection"] = "close"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    return response, response.read()


def client(method, path, keep_alive):
    connection = None
    body = json.dumps({"symbol": "AAPL", "side": "buy", "quantity": 1, "price": 187.5}) if method == "POST" else None
    while not stop.is_set():
        count("requests")
        try:
            reused = connection is not None
            if connection is None:
                connection = http.client.HTTPConnection(host, port, timeout=20)
            try:
                response, data = send(connection, method, path, body, keep_alive)
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                if not reused:
                    raise
                # The server closed a kept-alive connection before this request reached it; HTTP clients send it
                # again on a new connection, and so does this one.
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=20)
                response, data = send(connection, method, path, body, keep_alive)
            if response.status >= 500:
                count("5xx")
            else:
                answered()
                if response.status == 201:
                    with lock:
                        acknowledged.append(json.loads(data)["id"])
            if not keep_alive or response.will_close:
                connection.close()
                connection = None
        except ConnectionRefusedError:
            count("refused")
            connection = None
        except TimeoutError:
            count("timeouts")
            connection = None
        except (http.client.HTTPException, OSError):
            count("other")
            connection = None
        time.sleep(0.01)


signal.signal(signal.SIGTERM, lambda *_: stop.set())
threads = [
    threading.Thread(target=client, args=("GET", "/health", False)),
    threading.Thread(target=client, args=("GET", "/api/orders", True)),
    threading.Thread(target=client, args=("POST", "/api/orders", True)),
]
for thread in threads:
    thread.start()
while not stop.is_set():
    stop.wait(0.2)
for thread in threads:
    thread.join()
with open(out, "w") as f:
    json.dump({**counts, "acknowledged": acknowledged, "longest_gap_ms": round(longest_gap[0] * 1000)}, f)
