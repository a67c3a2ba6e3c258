// A generic one-line progress display for long commands (vocab scans, training): a renderer that is a pure
// function of the numbers, and a throttled writer that redraws in place on a terminal and prints at most one
// line per second otherwise (logs, CI).
import type { CliIo } from './io.ts';

/** What one progress line shows. */
export interface ProgressLine {
  label: string;
  /** Done share in [0, 1], or undefined when the total is unknown (stdin). */
  fraction?: number | undefined;
  /** Extra `name value` pairs in display order, e.g. { tokens: '1.2M', 'tokens/s': '350k' }. */
  fields: Record<string, string>;
  etaSeconds?: number | undefined;
}

/** Renders `line` as text without a newline, fitted to `columns` when given. */
export function renderProgress(line: ProgressLine, columns?: number): string {
  const parts: string[] = [line.label];
  if (line.fraction !== undefined) {
    const f = Math.min(1, Math.max(0, line.fraction));
    const filled = Math.round(f * BAR);
    parts.push(`[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ${(f * 100).toFixed(1).padStart(5)}%`);
  }
  for (const [name, value] of Object.entries(line.fields)) parts.push(`${name} ${value}`);
  if (line.etaSeconds !== undefined && Number.isFinite(line.etaSeconds)) parts.push(`ETA ${formatDuration(line.etaSeconds)}`);
  const text = parts.join('  ');
  return columns !== undefined && columns > 10 && text.length > columns - 1 ? text.slice(0, columns - 1) : text;
}

/** Throttled progress output on stderr: in-place redraws (10/s) on a TTY, plain lines at most every second otherwise. */
export class ProgressWriter {
  // the first line waits one interval too: quick jobs never show (or log) a progress line
  private last = performance.now();
  private drawn = false;
  private shown = false;
  private readonly tty: boolean;
  private readonly intervalMs: number;

  constructor(
    private readonly stderr: CliIo['stderr'],
    private readonly options: { quiet?: boolean; intervalMs?: number } = {},
  ) {
    this.tty = stderr.isTTY === true;
    this.intervalMs = options.intervalMs ?? (this.tty ? 100 : 1000);
  }

  /** Shows `line` unless quiet or the previous one was shown less than the interval ago (`force` skips the wait). */
  update(line: ProgressLine, force = false): void {
    if (this.options.quiet) return;
    const now = performance.now();
    // once a bar is showing, let it reach 100% rather than freeze at the last throttled value
    const finished = line.fraction !== undefined && line.fraction >= 1 && this.shown;
    if (!force && !finished && now - this.last < this.intervalMs) return;
    this.shown = true;
    this.last = now;
    const text = renderProgress(line, this.stderr.columns);
    if (this.tty) {
      this.stderr.write(`\r${text}\x1b[K`);
      this.drawn = true;
    } else {
      this.stderr.write(`${text}\n`);
    }
  }

  /** Ends the progress display, keeping its last line (moves past the in-place line on a TTY). */
  done(): void {
    if (this.tty && this.drawn) this.stderr.write('\n');
    this.drawn = false;
  }

  /** Ends the progress display of a finished phase, erasing its in-place line so no frozen bar stays on screen. */
  clear(): void {
    if (this.tty && this.drawn) this.stderr.write('\r\x1b[K');
    this.drawn = false;
    this.shown = false;
  }
}

/** "1 epoch", "5 epochs", "1,234 words": a count with its noun, singular for one. */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${formatInt(n)} ${n === 1 ? noun : nouns}`;
}

/** 1234567 -> "1.23M"; small numbers are printed whole. */
export function formatCount(n: number): string {
  if (n < 10_000) return String(Math.round(n));
  if (n < 1e6) return `${(n / 1e3).toFixed(n < 1e5 ? 1 : 0)}k`;
  if (n < 1e9) return `${(n / 1e6).toFixed(2)}M`;
  return `${(n / 1e9).toFixed(2)}G`;
}

/** Bytes in binary units: "12.3 MiB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

/** Seconds as m:ss or h:mm:ss. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Integer with thousands separators (1,234,567), for summaries. */
export function formatInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

// --- internal ---

const BAR = 24;
