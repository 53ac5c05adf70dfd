// A helper of healthy.ts, in a subdirectory so that pilot does not load it as a plugin.
export function describeBody(body: unknown): string {
  const text = JSON.stringify(body) ?? String(body);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
