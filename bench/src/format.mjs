// How figures and progress lines are written, the same way in the progress log and in the table.

/** A number with `digits` decimals and thousands separators; "-" when there is none. */
export function fmt(value, digits = 0) {
  if (value === null || value === undefined || !Number.isFinite(value)) return "-";
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A progress line: prefixed, so that it never reads as part of the report. */
export const log = (message) => console.log(`[bench] ${message}`);
