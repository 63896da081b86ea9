#!/usr/bin/env bash
# `make run`: serve Camau and, when Node.js is present, the Microsoft 365 Agents Playground (a
# Teams-like chat in the browser) pointed at it, signed in as Alex Wilber, a demo worker.
# Stops the Playground when `camau serve` stops.
#
# Environment: CAMAU (the camau executable), CAMAU_HOST / CAMAU_PORT (the bot, as for
# `camau serve`), PLAYGROUND_PORT (default 56150), PLAYGROUND_LOGS (folder for its logs,
# default .node/).
set -euo pipefail

cd "$(dirname "$0")/.."

CAMAU="${CAMAU:-.venv/bin/camau}"
PLAYGROUND_VERSION=0.2.28
PLAYGROUND_PORT="${PLAYGROUND_PORT:-56150}"
PLAYGROUND_LOGS="${PLAYGROUND_LOGS:-.node}"
PLAYGROUND_BIN=.node/node_modules/.bin/agentsplayground
PLAYGROUND_MANIFEST=.node/node_modules/@microsoft/m365agentsplayground/package.json
BOT="http://${CAMAU_HOST:-127.0.0.1}:${CAMAU_PORT:-3978}/api/messages"

playground_pid=""
serve_pid=""

stop() {
    trap - EXIT INT TERM
    for pid in $serve_pid $playground_pid; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in $serve_pid $playground_pid; do
        wait "$pid" 2>/dev/null || true
    done
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say_chat() {
    echo "To try Camau without the Playground, chat in this terminal instead:"
    echo "    make chat                     (as Alex Wilber, a demo worker)"
    echo "    make chat AS=megan.rhys@demo.camau.cymru"
}

say_telegram() {
    echo
    if [ -n "${CAMAU_TELEGRAM_TOKEN:-}" ]; then
        echo "Telegram: Camau polls Telegram with the bot token in CAMAU_TELEGRAM_TOKEN."
        echo "Link your phone: run  $CAMAU invite alex.wilber@demo.camau.cymru  and open the"
        echo "https://t.me/... link it prints (or send /start CODE to the bot)."
    else
        echo "To talk to Camau from a phone on Telegram (no Azure needed):"
        echo "    1. in Telegram, ask @BotFather for a new bot (/newbot) and copy its token"
        echo "    2. CAMAU_TELEGRAM_TOKEN=123456789:AA... make run"
        echo "    3. $CAMAU invite alex.wilber@demo.camau.cymru  and open the t.me link it prints"
    fi
    echo
}

playground_installed() {
    [ -x "$PLAYGROUND_BIN" ] &&
        [ "$(node -p "require('./$PLAYGROUND_MANIFEST').version" 2>/dev/null || true)" = "$PLAYGROUND_VERSION" ]
}

start_playground() {
    if ! playground_installed; then
        echo "Installing the Microsoft 365 Agents Playground $PLAYGROUND_VERSION into .node/ ..."
        if ! command -v npm >/dev/null ||
            ! npm install --prefix .node --no-audit --no-fund --silent \
                "@microsoft/m365agentsplayground@${PLAYGROUND_VERSION}" >/dev/null; then
            echo "Could not install the Agents Playground with npm."
            say_chat
            return
        fi
    fi
    mkdir -p "$PLAYGROUND_LOGS"
    local log="$PLAYGROUND_LOGS/playground.log"
    : >"$log"
    # Without TEAMSAPPTESTER_BROWSER=none the Playground opens a browser, or exits if it has none.
    TEAMSAPPTESTER_BROWSER=none \
        M365_AGENTS_PLAYGROUND_LOGFILE="$PLAYGROUND_LOGS/m365agentsplayground.log" \
        "$PLAYGROUND_BIN" -e "$BOT" -c msteams -p "$PLAYGROUND_PORT" --dt \
        >"$log" 2>&1 </dev/null &
    playground_pid=$!
    # It silently takes another port when this one is busy: read it back.
    local port=""
    for _ in $(seq 1 300); do
        port="$(sed -n 's/.*Listening on \([0-9][0-9]*\).*/\1/p' "$log" | head -n 1)"
        [ -n "$port" ] && break
        kill -0 "$playground_pid" 2>/dev/null || break
        sleep 0.1
    done
    if [ -z "$port" ]; then
        echo "The Agents Playground did not start; its output ($log):"
        tail -n 5 "$log" || true
        say_chat
        return
    fi
    echo
    echo "Agents Playground (a Teams-like chat, signed in as Alex Wilber, a demo worker):"
    echo "    open http://127.0.0.1:${port} in your browser"
}

# The bot first, so its few start-up lines come before the Playground's address.
"$CAMAU" serve &
serve_pid=$!
for _ in $(seq 1 300); do
    (exec 3<>"/dev/tcp/${CAMAU_HOST:-127.0.0.1}/${CAMAU_PORT:-3978}") 2>/dev/null && break
    kill -0 "$serve_pid" 2>/dev/null || break
    sleep 0.1
done
say_telegram

if command -v node >/dev/null; then
    start_playground
else
    echo "Node.js is not installed, so the Agents Playground (a Teams-like chat) cannot start."
    say_chat
fi

status=0
wait "$serve_pid" || status=$?
serve_pid=""
exit "$status"
