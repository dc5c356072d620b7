"""Retries a flaky call with exponential back-off and random jitter."""

import random
import time


def with_retries(call, attempts: int = 5):
    for attempt in range(attempts):
        try:
            return call()
        except ConnectionError:
            time.sleep((2**attempt) + random.uniform(0, 1))
    return call()
