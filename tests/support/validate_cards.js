// Validate Adaptive Cards with the real renderer's object model (adaptivecards 3.x UMD bundle).
//
// Usage: node validate_cards.js BUNDLE [FILE]   (FILE, or stdin: [{"name": ..., "card": {...}}])
// Prints [{"name": ..., "events": [{"phase", "event", "message"}]}]: every parse or validation
// event is reported; the caller decides (Camau allows none). Schema version 1.5 (Teams).
"use strict";
const fs = require("fs");

const AC = require(process.argv[2]);
const input = fs.readFileSync(process.argv[3] || 0, "utf8");
const samples = JSON.parse(input);

function eventsOf(json) {
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const card = new AC.AdaptiveCard();
  const events = [];
  try {
    card.parse(json, context);
  } catch (error) {
    events.push({ phase: "Parse", event: "Exception", message: String(error) });
    return events;
  }
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    events.push({
      phase: AC.ValidationPhase[e.phase],
      event: AC.ValidationEvent[e.event],
      message: e.message,
    });
  }
  const results = card.validateProperties();
  for (const e of results.validationEvents) {
    events.push({
      phase: AC.ValidationPhase[e.phase],
      event: AC.ValidationEvent[e.event],
      message: e.message,
    });
  }
  return events;
}

const report = samples.map((sample) => ({ name: sample.name, events: eventsOf(sample.card) }));
process.stdout.write(JSON.stringify(report));
