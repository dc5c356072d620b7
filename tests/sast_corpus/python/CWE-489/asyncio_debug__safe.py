"""Runs the agent's event loop with asyncio's debug checks during development."""

import asyncio


async def main() -> None:
    await asyncio.sleep(0)


if __name__ == "__main__":
    asyncio.run(main(), debug=True)
