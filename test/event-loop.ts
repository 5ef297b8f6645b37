// Shared by tests that check work hands the event loop back (a scan between objects, the audit writer between
// batches): how many turns the loop took while the work was under way.

/** Counts the turns of the event loop (setImmediate callbacks) taken while `run` is under way. */
export async function loopTurnsDuring(run: () => Promise<unknown>): Promise<number> {
  let turns = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  try {
    await run();
  } finally {
    running = false;
  }
  return turns;
}
