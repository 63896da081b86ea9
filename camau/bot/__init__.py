"""The edge: aiohttp app and routes, Agents SDK wiring, identity, channel rendering, outbox
sender and the CLI."""
