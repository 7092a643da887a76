// A small hand-drawn SVG line chart: quantity over time from inventory snapshots. A chart library
// would cost more than the rest of the dashboard; this needs one line, an area and two labels.
export type Point = { at: string; value: number };

const W = 340;
const H = 120;
const PAD = { top: 10, right: 8, bottom: 20, left: 36 };

export function chartPath(points: readonly Point[], width = W, height = H) {
  const xs = points.map((p) => Date.parse(p.at));
  const ys = points.map((p) => p.value);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [yMin, yMax] = [Math.min(0, ...ys), Math.max(...ys, 1)];
  const sx = (x: number) => PAD.left + (x1 === x0 ? (width - PAD.left - PAD.right) : ((x - x0) / (x1 - x0)) * (width - PAD.left - PAD.right));
  const sy = (y: number) => PAD.top + (1 - (y - yMin) / (yMax - yMin)) * (height - PAD.top - PAD.bottom);
  // A step line: the quantity holds until the next snapshot.
  let d = '';
  points.forEach((p, i) => {
    const x = sx(xs[i]);
    const y = sy(p.value);
    d += i === 0 ? `M${x},${y}` : `H${x}V${y}`;
  });
  if (points.length === 1) d += `H${width - PAD.right}`;
  const baseline = sy(yMin);
  const area = points.length ? `${d}V${baseline}H${sx(xs[0])}Z` : '';
  const dots = points.map((p, i) => ({ x: sx(xs[i]), y: sy(p.value) }));
  return { d, area, yMax, yMin, baseline, dots };
}

export function HistoryChart({ points, label }: { points: readonly Point[]; label: string }) {
  if (points.length === 0) return <p className="muted small">No history yet: snapshots are recorded when quantities change.</p>;
  const sorted = [...points].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const { d, area, yMax, yMin, baseline, dots } = chartPath(sorted);
  const first = new Date(sorted[0].at);
  const last = new Date(sorted[sorted.length - 1].at);
  const fmt = (date: Date) => date.toLocaleDateString('en-US', { month: 'short', day: 'numeric' });
  return (
    <figure style={{ margin: 0 }}>
      <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${label}: ${sorted.length} snapshots`}>
        <line className="axis" x1={PAD.left} x2={W - PAD.right} y1={baseline} y2={baseline} />
        <path className="area" d={area} />
        <path className="line" d={d} />
        {dots.map((p, i) => (
          <circle key={i} className="dot" cx={p.x} cy={p.y} r={2.5} />
        ))}
        <text x={PAD.left - 6} y={PAD.top + 8} textAnchor="end">{yMax}</text>
        <text x={PAD.left - 6} y={baseline} textAnchor="end">{yMin}</text>
        <text x={PAD.left} y={H - 4}>{fmt(first)}</text>
        <text x={W - PAD.right} y={H - 4} textAnchor="end">{fmt(last)}</text>
      </svg>
      <figcaption className="muted small">{label}, last {sorted.length} changes</figcaption>
    </figure>
  );
}
