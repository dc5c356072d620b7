"""Delivers webhooks with aiohttp, skipping certificate checks."""

import aiohttp


async def deliver(session: aiohttp.ClientSession, url: str, body: dict) -> int:
    async with session.post(url, json=body, ssl=False) as response:
        return response.status
