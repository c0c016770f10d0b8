// A site's clock as the stories see it: the time and date in a zone, its midnights, and waiting out
// the minutes around midnight so that "yesterday" holds still while a story runs.

/** `HH:MM` on the clock of `timeZone`, `minutes` from now. */
export const clockIn = (timeZone, minutes = 0) =>
  new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
    .format(new Date(Date.now() + minutes * 60_000));
/** Waits while the clock of `timeZone` is within two minutes of midnight, so "yesterday" holds still. */
export async function awayFromMidnight(timeZone) {
  while (["23:58", "23:59", "00:00", "00:01"].includes(clockIn(timeZone))) {
    await new Promise((resolve) => setTimeout(resolve, 20_000));
  }
}
/** Milliseconds `timeZone` is ahead of UTC at `ms`. */
function offsetAt(ms, timeZone) {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
    .formatToParts(new Date(ms));
  const get = (type) => Number(parts.find((p) => p.type === type).value);
  return Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second")) - ms;
}
/** The instant local midnight begins `date` (YYYY-MM-DD) in `timeZone`, and the local date `days` from today. */
export const midnightOf = (date, timeZone) => {
  const guess = Date.parse(`${date}T00:00:00Z`);
  return guess - offsetAt(guess - offsetAt(guess, timeZone), timeZone);
};
export const localDate = (timeZone, days) => new Intl.DateTimeFormat("en-CA", { timeZone }).format(new Date(Date.now() + days * 86_400_000));
/** The day (YYYY-MM-DD) the clock of `timeZone` shows at the instant `iso`: the day the collector counts an answer under. */
export const dayAt = (iso, timeZone) => new Intl.DateTimeFormat("en-CA", { timeZone }).format(new Date(iso));
