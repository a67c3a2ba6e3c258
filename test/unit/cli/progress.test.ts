import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatDuration, ProgressWriter, renderProgress } from '../../../src/cli/progress.ts';

describe('renderProgress', () => {
  it('renders label, bar, percentage, fields and ETA', () => {
    const text = renderProgress({ label: 'counting', fraction: 0.5, fields: { tokens: '1.2M', 'tokens/s': '300k' }, etaSeconds: 75 });
    expect(text).toBe('counting  [############............]  50.0%  tokens 1.2M  tokens/s 300k  ETA 1:15');
  });

  it('omits the bar when the total is unknown and fits the terminal width', () => {
    expect(renderProgress({ label: 'x', fields: { a: 'b' } })).toBe('x  a b');
    expect(renderProgress({ label: 'y'.repeat(50), fields: {} }, 20)).toHaveLength(19);
  });
});

describe('ProgressWriter', () => {
  it('redraws in place on a TTY and ends with a newline', () => {
    let out = '';
    const writer = new ProgressWriter({ write: (s: string) => (out += s), isTTY: true }, { intervalMs: 0 });
    writer.update({ label: 'a', fields: {} });
    writer.update({ label: 'b', fields: {} });
    writer.done();
    expect(out).toBe('\ra\x1b[K\rb\x1b[K\n');
  });

  it('prints whole lines elsewhere, throttled, and nothing when quiet', () => {
    let out = '';
    const writer = new ProgressWriter({ write: (s: string) => (out += s) }, { intervalMs: 60_000 });
    writer.update({ label: 'a', fields: {} });
    writer.update({ label: 'b', fields: {} }, true);
    writer.done();
    expect(out).toBe('b\n');
    const quiet = new ProgressWriter({ write: (s: string) => (out += s) }, { quiet: true });
    quiet.update({ label: 'c', fields: {} }, true);
    expect(out).toBe('b\n');
  });

  it('always shows the final 100% once a bar has been shown, but never for jobs shorter than one interval', () => {
    let out = '';
    const writer = new ProgressWriter({ write: (s: string) => (out += s) }, { intervalMs: 60_000 });
    writer.update({ label: 'a', fraction: 1, fields: {} });
    expect(out).toBe('');
    writer.update({ label: 'b', fraction: 0.5, fields: {} }, true);
    writer.update({ label: 'c', fraction: 0.7, fields: {} });
    writer.update({ label: 'd', fraction: 1, fields: {} });
    expect(out.split('\n').map((l) => l.slice(0, 1))).toEqual(['b', 'd', '']);
  });

  it('formats counts, bytes and durations', () => {
    expect([formatCount(999), formatCount(12_345), formatCount(2_500_000)]).toEqual(['999', '12.3k', '2.50M']);
    expect([formatBytes(512), formatBytes(1536), formatBytes(25 * 1024 * 1024)]).toEqual(['512 B', '1.50 KiB', '25.0 MiB']);
    expect([formatDuration(59), formatDuration(3725)]).toEqual(['0:59', '1:02:05']);
  });
});
