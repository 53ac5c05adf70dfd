// CPU and memory as the CLI shows them: `12.3%`, `187%`; `512 KB`, `45.2 MB`, `812 MB`, `1.25 GB` (binary units).

const KIB = 1024;
const MIB = KIB * 1024;
const GIB = MIB * 1024;

/** `0.0%`, `12.3%`, `187%`; `-` for null (not sampled). */
export function formatPercent(percent: number | null): string {
  if (percent === null) return '-';
  const tenths = Math.round(percent * 10) / 10;
  return `${tenths < 100 ? tenths.toFixed(1) : Math.round(tenths)}%`;
}

/** Three significant digits at most, in KB, MB or GB of 1024; `-` for null (not sampled). */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '-';
  const [value, unit] = bytes >= GIB ? [bytes / GIB, 'GB'] : bytes >= MIB ? [bytes / MIB, 'MB'] : [bytes / KIB, 'KB'];
  const digits = value >= 100 || unit === 'KB' ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}
