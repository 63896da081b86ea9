"""Camau's native Telegram channel: the Bot API through aiogram, without Azure Bot Service.

    client     the aiogram `Bot` pointed at the API server; Telegram errors mapped at this edge
    updates    a Telegram update becomes the activity the rest of Camau handles (channel `telegram`)
    render     an outgoing activity becomes Bot API calls (inline keyboards, photos, documents)
    adapter    the Agents SDK adapter whose sends go to the Bot API, paced to Telegram's limits
    polling    long polling by one replica (a lease in the database), offset persisted
    channel    the whole channel: updates in (polling or webhook), turns run, commands set
    delivery   proactive sends from the outbox, routed by the conversation reference

See docs/telegram.md.
"""
